// The admin portal's muting page: members by name, mobile or uid with their mute and ban now
// (admin.members), and every mute in force — global ones and per chat room (admin.mutes).
import { and, asc, count, desc, gt, ilike, ne, or, eq } from "drizzle-orm";
import { chatRoomMutes, chatRooms, users } from "../../../db/schema";
import { clock } from "../../clock";
import type { Deps } from "../deps";

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** newest accounts first; a query matches a substring of the name, the mobile or the uid (markId) */
export async function listMembers(deps: Deps, input: { query?: string; page: number; number: number }) {
  const q = input.query?.trim();
  const where = q ? or(ilike(users.nickname, likePattern(q)), ilike(users.mobile, likePattern(q)), ilike(users.markId, likePattern(q))) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    deps.db
      .select()
      .from(users)
      .where(where)
      .orderBy(desc(users.id))
      .limit(input.number)
      .offset((input.page - 1) * input.number),
    deps.db.select({ total: count() }).from(users).where(where),
  ]);
  const now = clock.now();
  return {
    total,
    members: rows.map((u) => ({
      id: String(u.id),
      name: u.nickname,
      account: u.mobile,
      uid: u.markId,
      avatar: u.avatar,
      role: u.role,
      mutedUntil: u.mutedUntil && u.mutedUntil > now ? u.mutedUntil : 0,
      bannedAt: u.bannedAt ?? 0,
    })),
  };
}

/** the most mutes listed (those ending soonest): a screenful for the muting page, not the whole table */
const MUTES_MAX = 1000;

/** the mutes in force now, soonest ending first: global (users.muted_until) and per room (deleted rooms' are moot) */
export async function listMutes(deps: Deps) {
  const now = clock.now();
  const [global, rooms] = await Promise.all([
    deps.db
      .select({ userId: users.id, name: users.nickname, account: users.mobile, mutedUntil: users.mutedUntil })
      .from(users)
      .where(gt(users.mutedUntil, now))
      .orderBy(asc(users.mutedUntil))
      .limit(MUTES_MAX),
    deps.db
      .select({ userId: users.id, name: users.nickname, account: users.mobile, groupId: chatRooms.id, groupName: chatRooms.name, mutedUntil: chatRoomMutes.mutedUntil, mutedAt: chatRoomMutes.mutedAt })
      .from(chatRoomMutes)
      .innerJoin(chatRooms, eq(chatRooms.id, chatRoomMutes.roomId))
      .innerJoin(users, eq(users.id, chatRoomMutes.userId))
      // chat_room_mutes_until_idx
      .where(and(gt(chatRoomMutes.mutedUntil, now), ne(chatRooms.status, 2)))
      .orderBy(asc(chatRoomMutes.mutedUntil))
      .limit(MUTES_MAX),
  ]);
  const mutes = [
    ...global.map((m) => ({ userId: String(m.userId), name: m.name, account: m.account, scope: "global" as const, mutedUntil: m.mutedUntil! })),
    ...rooms.map((m) => ({ userId: String(m.userId), name: m.name, account: m.account, scope: "room" as const, groupId: String(m.groupId), groupName: m.groupName, mutedUntil: m.mutedUntil, mutedAt: m.mutedAt })),
  ];
  return { mutes: mutes.sort((a, b) => a.mutedUntil - b.mutedUntil).slice(0, MUTES_MAX) };
}
