import { bigint, customType, integer, pgTable, text } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * Uploaded images, kept in the database so every Parley process behind a load balancer
 * can serve them without shared disk. The size limit keeps rows small.
 */
export const uploads = pgTable("uploads", {
  id: text("id").primaryKey(),
  ownerType: text("owner_type").notNull(),
  ownerId: bigint("owner_id", { mode: "number" }).notNull(),
  contentType: text("content_type").notNull(),
  size: integer("size").notNull(),
  width: integer("width"),
  height: integer("height"),
  data: bytea("data").notNull(),
  createdAt: bigint("created_at", { mode: "number" }).notNull(),
});
