// The job that refunds expired red packets, in every process (packets are locked with SKIP
// LOCKED, so processes share the work and none refunds one twice). Started and stopped with the
// server (server/runtime.ts).
import type { Deps } from "../services/deps";
import { refundDuePackets } from "../services/money/refund-packets";
import { startPeriodicJob, type PeriodicJob } from "./periodic";

/** Every 30 s: a packet's rest is back with its sender within half a minute of its expiry. */
export const PACKET_EXPIRY_INTERVAL_MS = 30_000;

export function startPacketExpiry(deps: Deps, opts: { now?: () => number; intervalMs?: number } = {}): PeriodicJob {
  return startPeriodicJob("packet expiry", async (now) => (await refundDuePackets(deps, now)).length, {
    now: opts.now,
    intervalMs: opts.intervalMs ?? PACKET_EXPIRY_INTERVAL_MS,
  });
}
