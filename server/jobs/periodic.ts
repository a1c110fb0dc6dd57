// A job every process runs on a timer (its work must be safe to run in several processes at
// once: an idempotent DELETE, rows taken with SKIP LOCKED). One run at a time per process; a
// failed run is logged and the next one tries again.
import { clock } from "../clock";
import { logUnexpected } from "../errors/app-error";

export interface PeriodicJob {
  /** one run now (the timer calls this too); resolves with what the run counted */
  runOnce(): Promise<number>;
  /** no more runs; resolves when a run in progress has finished */
  stop(): Promise<void>;
}

export function startPeriodicJob(name: string, run: (now: number) => Promise<number>, opts: { now?: () => number; intervalMs: number }): PeriodicJob {
  const now = opts.now ?? (() => clock.now());
  let running: Promise<number> | null = null;
  let isStopped = false;
  const runOnce = () =>
    (running ??= run(now())
      .catch((err) => {
        logUnexpected(name, err);
        return 0;
      })
      .finally(() => (running = null)));
  const timer = setInterval(() => {
    if (!isStopped) void runOnce();
  }, opts.intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      isStopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
