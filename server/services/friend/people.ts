import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { users } from "../../../db/schema";
import type { ApplyUser } from "../../protocol/frames";

/** seed 004 senderInfo / receiveInfo / userInfo basics of some users, by id */
export async function peopleById(db: DbOrTx, ids: number[]): Promise<Map<number, ApplyUser & { markId: string; sex: number }>> {
  const uniq = [...new Set(ids)];
  if (uniq.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.nickname, avatar: users.avatar, position: users.position, markId: users.markId, sex: users.sex })
    .from(users)
    .where(inArray(users.id, uniq));
  return new Map(rows.map((r) => [r.id, { id: String(r.id), name: r.name, avatar: r.avatar, position: r.position, markId: r.markId, sex: r.sex }]));
}
