// The job that deletes unused uploads, in every process (the DELETE is idempotent, so no
// leader is needed). Started and stopped with the server (server/runtime.ts).
import { clock } from "../clock";
import { logUnexpected } from "../errors/app-error";
import type { Deps } from "../services/deps";
import { deleteUnusedUploads } from "../services/upload/delete-unused-uploads";

/** Every 5 minutes: an unused upload lives at most TTL + 5 min; one cheap indexed DELETE per run. */
export const UPLOAD_CLEANUP_INTERVAL_MS = 5 * 60_000;

export interface UploadCleanup {
  /** one run now (the timer calls this too); resolves with the rows deleted */
  runOnce(): Promise<number>;
  /** no more runs; resolves when a run in progress has finished */
  stop(): Promise<void>;
}

export function startUploadCleanup(
  deps: Deps,
  opts: { now?: () => number; intervalMs?: number } = {},
): UploadCleanup {
  const now = opts.now ?? (() => clock.now());
  let running: Promise<number> | null = null;
  let isStopped = false;
  const runOnce = () =>
    (running ??= deleteUnusedUploads(deps, now())
      .catch((err) => {
        logUnexpected("upload cleanup", err);
        return 0;
      })
      .finally(() => (running = null)));
  const timer = setInterval(() => {
    if (!isStopped) void runOnce();
  }, opts.intervalMs ?? UPLOAD_CLEANUP_INTERVAL_MS);
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
