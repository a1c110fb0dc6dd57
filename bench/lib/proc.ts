// Child processes of the benchmark: servers under test and the load generator, each pinned
// to its own core when `taskset` exists, talking to the orchestrator over Node's IPC channel.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

export interface Child {
  proc: ChildProcess;
  pid: number;
  ready: Record<string, unknown>;
  request<T = unknown>(msg: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** Start `node [--expose-gc] --import tsx <script>` on the given CPU and wait for its ready message. */
export async function startChild(script: string, opts: { cpu?: number; env?: Record<string, string>; name: string }): Promise<Child> {
  // BENCH_CPU_PROF=1 writes a V8 CPU profile of every server to bench/results/prof/ (see bench/README.md);
  // BENCH_CPU_PROF=all of the load generator too (is it the limit?)
  const profiled = process.env.BENCH_CPU_PROF === "all" || (process.env.BENCH_CPU_PROF === "1" && !script.includes("generator"));
  const prof = profiled ? ["--cpu-prof", `--cpu-prof-dir=${path.join(ROOT, "bench/results/prof")}`] : [];
  // BENCH_NODE_ARGS="--trace-gc": more node flags for the servers under test (diagnosis)
  const extra = !script.includes("generator") ? (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean) : [];
  const nodeArgs = ["--expose-gc", "--max-old-space-size=4096", ...prof, ...extra, "--import", "tsx", path.join(ROOT, script)];
  const [cmd, args] = hasTaskset && opts.cpu !== undefined ? ["taskset", ["-c", String(opts.cpu), process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const proc = spawn(cmd, args as string[], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", ...opts.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  const exited = new Promise<void>((resolve) => proc.on("exit", () => resolve()));
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.name} did not start in 60 s`)), 60_000);
    proc.once("exit", (code) => reject(new Error(`${opts.name} exited with ${code} before it was ready`)));
    proc.on("message", (m: { ready?: boolean; id?: number; result?: unknown; error?: string }) => {
      if (m.ready) {
        clearTimeout(timer);
        return resolve(m as Record<string, unknown>);
      }
      const p = m.id !== undefined ? pending.get(m.id) : undefined;
      if (!p) return;
      pending.delete(m.id!);
      if (m.error) p.reject(new Error(`${opts.name}: ${m.error}`));
      else p.resolve((m.result ?? m) as never);
    });
  });
  return {
    proc,
    pid: proc.pid!,
    ready,
    request<T>(msg: Record<string, unknown>, timeoutMs = 300_000) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${opts.name}: no answer to ${String(msg.cmd)} in ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (v) => (clearTimeout(timer), resolve(v)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        proc.send({ ...msg, id });
      });
    },
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

const TICK = 100; // USER_HZ on Linux: /proc times are in 1/100 s
/** CPU time (ms) a process has used so far, from /proc (0 where /proc is missing). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / TICK; // utime + stime
  } catch {
    return 0;
  }
}

/**
 * CPU time (ms) every process on the machine has used so far, user and system (/proc/stat; irq
 * and softirq apart, so loopback TCP work the kernel does outside any process is not in it).
 * Less the benchmark's own processes, what the machine's other tenants took meanwhile.
 */
export function machineCpuMs(): number {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    return ((Number(f[1]) + Number(f[2]) + Number(f[3])) * 1000) / TICK; // user + nice + system
  } catch {
    return 0;
  }
}

/** CPU time (ms) of every process with one of these names: the database and Redis, together. */
export function cpuMsOfNamed(names: string[]): number {
  let total = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (!names.some((n) => comm.startsWith(n))) continue;
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += ((Number(f[11]) + Number(f[12])) * 1000) / TICK;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}
