// Runs inside every server under test. The orchestrator asks over the IPC channel, so the
// servers need no extra HTTP endpoint: memory after a full GC, and event-loop delay.
import { monitorEventLoopDelay } from "node:perf_hooks";

type Request = { id: number; cmd: "stats" | "reset" };

export function installProbe(ready: { url: string; extra?: Record<string, unknown> }) {
  if (!process.send) throw new Error("a bench server must be started by bench/run.ts (IPC channel)");
  // 5 ms resolution: finer costs CPU in the very process we measure
  const eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on("message", (m: Request) => {
    if (m.cmd === "reset") {
      eld.reset();
      return process.send!({ id: m.id, ok: true });
    }
    if (m.cmd === "stats") {
      // two passes: the first may only promote; node --expose-gc is set by the orchestrator
      gc?.();
      gc?.();
      const mem = process.memoryUsage();
      return process.send!({
        id: m.id,
        heapUsed: mem.heapUsed,
        rss: mem.rss,
        external: mem.external,
        eldP99Ms: eld.count ? eld.percentile(99) / 1e6 : 0,
        eldMaxMs: eld.count ? eld.max / 1e6 : 0,
        gcExposed: Boolean(gc),
      });
    }
  });
  process.send({ ready: true, pid: process.pid, ...ready });
}

/**
 * A peer token naming this room is joined to no room on connect: its socket joins rooms with a
 * join frame (the room scenario, where joining is part of what is measured).
 */
export const NO_ROOM = "-";

/** bench tokens for the peers: `<user>.<room>.<hmac>` — what a small team's JWT-ish check does */
export async function verifyBenchToken(token: string | undefined, secret: string) {
  const { createHmac, timingSafeEqual } = await import("node:crypto");
  if (!token) return null;
  const [user, room, sig] = token.split(".");
  if (!user || !room || !sig) return null;
  const want = createHmac("sha256", secret).update(`${user}.${room}`).digest("hex").slice(0, 32);
  if (want.length !== sig.length || !timingSafeEqual(Buffer.from(want), Buffer.from(sig))) return null;
  return { user, room };
}
