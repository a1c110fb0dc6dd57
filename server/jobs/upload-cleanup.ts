// The job that deletes unused uploads, in every process (the DELETE is idempotent, so no
// leader is needed). Started and stopped with the server (server/runtime.ts).
import type { Deps } from "../services/deps";
import { deleteUnusedUploads } from "../services/upload/delete-unused-uploads";
import { startPeriodicJob, type PeriodicJob } from "./periodic";

/** Every 5 minutes: an unused upload lives at most TTL + 5 min; one cheap indexed DELETE per run. */
export const UPLOAD_CLEANUP_INTERVAL_MS = 5 * 60_000;

export type UploadCleanup = PeriodicJob;

export function startUploadCleanup(deps: Deps, opts: { now?: () => number; intervalMs?: number } = {}): UploadCleanup {
  return startPeriodicJob("upload cleanup", (now) => deleteUnusedUploads(deps, now), { now: opts.now, intervalMs: opts.intervalMs ?? UPLOAD_CLEANUP_INTERVAL_MS });
}
