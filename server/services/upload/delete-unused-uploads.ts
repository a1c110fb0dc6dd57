import { and, isNull, lt } from "drizzle-orm";
import { uploads } from "../../../db/schema";
import type { Deps } from "../deps";

/**
 * Deletes uploads no message has used that are older than PARLEY_UPLOAD_UNUSED_TTL_MS at
 * `nowMs`: someone uploaded and never sent (or uploaded to fill the table). Idempotent, so
 * every process may run it; rows a message marks used meanwhile are kept (the DELETE re-checks
 * `used_at` on each row it locks). Returns how many rows went.
 */
export async function deleteUnusedUploads(deps: Deps, nowMs: number): Promise<number> {
  const cutoff = nowMs - deps.config.uploadUnusedTtlMs;
  const gone = await deps.db
    .delete(uploads)
    .where(and(isNull(uploads.usedAt), lt(uploads.createdAt, cutoff)))
    .returning({ id: uploads.id });
  return gone.length;
}
