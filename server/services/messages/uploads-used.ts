import { inArray, sql } from "drizzle-orm";
import { uploads } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import { MsgType } from "../../protocol/frames";
import { uploadKindOf, uploadRefsOf, type UploadRef } from "../../protocol/media-msgs";
import type { Deps } from "../deps";
import { now } from "../deps";

/**
 * The uploads a message points at must exist and be of a kind that field takes (an image for
 * imageUrl, audio for a voice message…); using them marks them used (first use wins), so the
 * cleanup job keeps them. One statement checks and marks: an upload deleted a moment earlier is
 * -7000, one marked a moment earlier is never deleted (the DELETE re-checks used_at on the locked row).
 */
export function markUploadsUsed(deps: Deps, msgType: number, msg: Record<string, unknown>): Promise<void> | null {
  const refs = uploadRefsOf(msgType, msg);
  // a text message (most of them) points at nothing: no promise, no await on the hot path
  return refs.length === 0 ? null : markRefs(deps, refs, msgType === MsgType.file ? Number(msg.size) : null);
}

/** `fileSize`: a file message's declared size, which must be the upload's (the list shows it before anyone downloads) */
async function markRefs(deps: Deps, refs: UploadRef[], fileSize: number | null) {
  const rows = await deps.db
    .update(uploads)
    .set({ usedAt: sql`coalesce(${uploads.usedAt}, ${now()})` })
    .where(inArray(uploads.id, refs.map((r) => r.id)))
    .returning({ id: uploads.id, contentType: uploads.contentType, size: uploads.size });
  for (const ref of refs) {
    const u = rows.find((r) => r.id === ref.id);
    if (!u) throw new AppError(-7000, `${ref.field} does not name an upload`);
    if (!ref.kinds.includes(uploadKindOf(u.contentType))) throw new AppError(-7000, `${ref.field} must be ${ref.kinds.join(" or ")}`);
    if (ref.field === "fileUrl" && fileSize !== null && fileSize !== u.size) throw new AppError(-7000, `size must be the upload's size (${u.size} bytes)`);
  }
}
