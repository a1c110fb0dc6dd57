// seed 004 好友有关接口: the friend list with my settings for each friend, unread counts with
// the last message, delete, remark, do-not-disturb, pin; and /chat33/search by markId.
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { friendships, messages, threadMembers, threads, users } from "../../../db/schema";
import { audience } from "../../bus/bus";
import { friendEntry } from "../../channels/friend";
import { unreadCountOf } from "../../channels/thread-channel";
import { groupByMarkId } from "../group/queries";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import { ChannelType, type LogEntry } from "../../protocol/frames";
import { takeToken } from "../../rate-limit";
import type { Deps, MemberPrincipal } from "../deps";
import { setThreadMembers } from "../messages/threads";
import { parseId } from "../parse-id";
import { subscribeUsers } from "../user/sessions";

/** seed /friend/list: type 1 ordinary, 2 frequently used, 3 all; `time`: only friendships changed since (sync). */
export async function listFriends(deps: Deps, p: MemberPrincipal, input: { type: 1 | 2 | 3; time?: number }) {
  const f = friendships;
  const rows = await deps.db
    .select({ f, name: users.nickname, avatar: users.avatar, position: users.position, markId: users.markId })
    .from(f)
    .innerJoin(users, eq(users.id, f.friendId))
    .where(
      and(
        eq(f.userId, p.userId),
        input.type === 3 ? undefined : eq(f.commonlyUsed, input.type),
        // without `time` the list is who my friends are now; with it, what changed since (deletions included)
        input.time === undefined ? isNull(f.deletedAt) : sql`greatest(${f.addTime}, coalesce(${f.deletedAt}, 0)) > ${input.time}`,
      ),
    )
    // pinned first (stickyOnTop orders the list), then the newest friends
    .orderBy(asc(f.onTop), desc(f.addTime));
  return {
    userList: rows.map(({ f: r, name, avatar, position, markId }) => ({
      addTime: r.addTime,
      id: String(r.friendId),
      name,
      avatar,
      position,
      remark: r.remark,
      noDisturbing: r.noDisturbing,
      commonlyUsed: r.commonlyUsed,
      onTop: r.onTop,
      isDelete: r.deletedAt === null ? 1 : 2,
      markId,
    })),
  };
}

/**
 * seed /friend/unread: per friend, the messages from them after my read pointer (a difference,
 * never a counter) and the newest message of the chat.
 */
export async function friendUnread(deps: Deps, p: MemberPrincipal) {
  const rows = await deps.db
    .select({
      friendId: friendships.friendId,
      lastMessageId: threads.lastMessageId,
      number: unreadCountOf(deps.db, ChannelType.friend, friendships.threadId, threadMembers.readId, p.userId),
    })
    .from(friendships)
    .innerJoin(threads, eq(threads.id, friendships.threadId))
    .innerJoin(threadMembers, and(eq(threadMembers.threadId, friendships.threadId), eq(threadMembers.userId, p.userId)))
    .where(and(eq(friendships.userId, p.userId), isNull(friendships.deletedAt)));
  const lastIds = rows.map((r) => r.lastMessageId).filter((x): x is number => x !== null);
  const last = lastIds.length ? await deps.db.select().from(messages).where(inArray(messages.id, lastIds)) : [];
  const byId = new Map(last.map((m) => [m.id, m]));
  return {
    infos: rows.map((r) => {
      const m = r.lastMessageId ? byId.get(r.lastMessageId) : undefined;
      const lastLog: LogEntry | null = m ? friendEntry(p.userId, r.friendId)(m) : null;
      return { id: String(r.friendId), number: Number(r.number), lastLog };
    }),
  };
}

/** my side of an active friendship, or -2018 */
async function updateMine(deps: Deps, p: MemberPrincipal, id: string, set: Partial<typeof friendships.$inferInsert>) {
  const friendId = parseId(id);
  if (friendId === p.userId) throw new AppError(-2021);
  const rows = await deps.db
    .update(friendships)
    .set(set)
    .where(and(eq(friendships.userId, p.userId), eq(friendships.friendId, friendId), isNull(friendships.deletedAt)))
    .returning({ friendId: friendships.friendId });
  if (rows.length === 0) throw new AppError(-2018);
  return {};
}

export const setFriendRemark = (deps: Deps, p: MemberPrincipal, input: { id: string; remark: string }) => updateMine(deps, p, input.id, { remark: input.remark });
export const setFriendNoDisturbing = (deps: Deps, p: MemberPrincipal, input: { id: string; setNoDisturbing: 1 | 2 }) =>
  updateMine(deps, p, input.id, { noDisturbing: input.setNoDisturbing });
export const setFriendOnTop = (deps: Deps, p: MemberPrincipal, input: { id: string; stickyOnTop: 1 | 2 }) => updateMine(deps, p, input.id, { onTop: input.stickyOnTop });

/**
 * seed /friend/delete: both directions end (the history stays, readable, for both); the chat's
 * live subscription ends on every socket of both at once.
 */
export async function deleteFriend(deps: Deps, p: MemberPrincipal, input: { id: string }) {
  const friendId = parseId(input.id);
  if (friendId === p.userId) throw new AppError(-2021);
  const at = clock.now();
  const threadId = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(friendships)
      .set({ deletedAt: at })
      .where(
        and(
          isNull(friendships.deletedAt),
          sql`(${friendships.userId}, ${friendships.friendId}) in ((${p.userId}::bigint, ${friendId}::bigint), (${friendId}::bigint, ${p.userId}::bigint))`,
        ),
      )
      .returning({ threadId: friendships.threadId });
    if (rows.length === 0) throw new AppError(-2018);
    await setThreadMembers(tx, rows[0].threadId, [p.userId, friendId], false, at);
    return rows[0].threadId;
  });
  await subscribeUsers(deps, [p.userId, friendId], [threadId], false);
  // both sides' lists drop the friend live (Parley's event 45; the seed has none for this)
  await Promise.all([
    deps.bus.publish({ audiences: [audience.user(p.userId)], data: JSON.stringify({ eventType: 45, friendId: String(friendId) }) }),
    deps.bus.publish({ audiences: [audience.user(friendId)], data: JSON.stringify({ eventType: 45, friendId: String(p.userId) }) }),
  ]);
  return {};
}

/** Searches per member per minute: enough to add friends, too few to walk the markId space. */
export const SEARCHES_PER_MINUTE = 30;

/** seed /chat33/search: exactly one markId, a user's (type 2) or a group's (type 1). -2001 when nobody has it. */
export async function searchByMarkId(deps: Deps, p: MemberPrincipal, input: { markId: string }) {
  if (!takeToken(`search:${p.userId}`, SEARCHES_PER_MINUTE, SEARCHES_PER_MINUTE / 60_000, clock.now())) throw new AppError(-1012);
  const [u] = await deps.db
    .select({ id: users.id, name: users.nickname, avatar: users.avatar, position: users.position, markId: users.markId, remark: friendships.remark, deletedAt: friendships.deletedAt })
    .from(users)
    .leftJoin(friendships, and(eq(friendships.userId, p.userId), eq(friendships.friendId, users.id)))
    .where(eq(users.markId, input.markId))
    .limit(1);
  if (!u) {
    const group = await groupByMarkId(deps, p, input.markId);
    if (group) return group;
    throw new AppError(-2001);
  }
  return {
    type: 2 as const,
    userInfo: {
      id: String(u.id),
      name: u.name,
      avatar: u.avatar,
      position: u.position,
      remark: u.remark !== null && u.deletedAt === null ? u.remark : "",
      markId: u.markId,
      isFriend: u.remark !== null && u.deletedAt === null ? 1 : 2,
    },
  };
}

