import { sql } from "drizzle-orm";
import { bigint, customType, index, integer, pgTable, text } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * Uploaded images, kept in the database so every Parley process behind a load balancer
 * can serve them without shared disk. The size limit keeps rows small. An upload no message
 * has used within PARLEY_UPLOAD_UNUSED_TTL_MS is deleted (services/upload/delete-unused-uploads.ts).
 */
export const uploads = pgTable(
  "uploads",
  {
    id: text("id").primaryKey(),
    ownerType: text("owner_type").notNull(),
    ownerId: bigint("owner_id", { mode: "number" }).notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    width: integer("width"),
    height: integer("height"),
    data: bytea("data").notNull(),
    createdAt: bigint("created_at", { mode: "number" }).notNull(),
    /** when a message first used it; null = nobody sent it (yet) */
    usedAt: bigint("used_at", { mode: "number" }),
  },
  (t) => [
    // the cleanup job: DELETE FROM uploads WHERE used_at IS NULL AND created_at < $cutoff
    // (only never-used uploads are in the index, so it stays small).
    index("uploads_unused_created_idx").on(t.createdAt).where(sql`${t.usedAt} is null`),
  ],
);
