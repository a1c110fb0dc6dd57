// seed 004 friend requests: /friend/add → /friend/response, /friend/requestList, /chat33/applyList.
// Both sides hear every request and answer live (event 31); accepting subscribes every socket
// of both to their thread at once, on every process.
import { and, count, desc, eq, lt, or, sql } from "drizzle-orm";
import { friendRequests, friendships, users, type TFriendRequest } from "../../../db/schema";
import { audience } from "../../bus/bus";
import { clock } from "../../clock";
import { takeToken } from "../../rate-limit";
import { AppError } from "../../errors/app-error";
import type { ServerFrame } from "../../protocol/frames";
import type { Deps, MemberPrincipal } from "../deps";
import { parseId } from "../parse-id";
import { subscribeUsers } from "../user/sessions";
import { makeFriends } from "./make-friends";
import { peopleById } from "./people";

type ApplyEntry = Omit<Extract<ServerFrame, { eventType: 31 }>, "eventType">;

async function applyEntries(deps: Deps, rows: TFriendRequest[]): Promise<ApplyEntry[]> {
  const people = await peopleById(deps.db, rows.flatMap((r) => [r.fromId, r.toId]));
  const info = (id: number) => {
    const u = people.get(id);
    return { id: String(id), name: u?.name ?? "", avatar: u?.avatar ?? "", position: u?.position ?? "" };
  };
  return rows.map((r) => ({
    senderInfo: info(r.fromId),
    receiveInfo: info(r.toId),
    id: r.id,
    type: 2,
    applyReason: r.reason,
    status: r.status as 1 | 2 | 3,
    datetime: r.createdAt,
  }));
}

async function announce(deps: Deps, request: TFriendRequest) {
  const [entry] = await applyEntries(deps, [request]);
  await deps.bus.publish({ audiences: [audience.user(request.fromId), audience.user(request.toId)], data: JSON.stringify({ eventType: 31, ...entry }) });
}

/** Friend requests per member per minute: adding the people you met, not messaging strangers through requests. */
export const FRIEND_REQUESTS_PER_MINUTE = 20;

/** seed /friend/add: a request to become friends (a second one while the first waits refreshes it). */
export async function addFriend(deps: Deps, p: MemberPrincipal, input: { id: string; remark?: string; reason?: string; roomId?: string }) {
  if (!takeToken(`friend-add:${p.userId}`, FRIEND_REQUESTS_PER_MINUTE, FRIEND_REQUESTS_PER_MINUTE / 60_000, clock.now())) throw new AppError(-1012);
  const to = parseId(input.id);
  if (to === p.userId) throw new AppError(-2021);
  const roomId = input.roomId ? parseId(input.roomId) : null;
  const at = clock.now();
  const request = await deps.db.transaction(async (tx) => {
    const [target] = await tx.select({ id: users.id }).from(users).where(eq(users.id, to)).limit(1);
    if (!target) throw new AppError(-2001);
    const [friendship] = await tx
      .select({ deletedAt: friendships.deletedAt })
      .from(friendships)
      .where(and(eq(friendships.userId, p.userId), eq(friendships.friendId, to)))
      .limit(1);
    if (friendship && friendship.deletedAt === null) throw new AppError(-2017);
    const [row] = await tx
      .insert(friendRequests)
      .values({ fromId: p.userId, toId: to, reason: input.reason ?? "", remark: input.remark ?? "", roomId, createdAt: at })
      .onConflictDoUpdate({
        target: [friendRequests.fromId, friendRequests.toId],
        targetWhere: sql`${friendRequests.status} = 1`,
        set: { reason: input.reason ?? "", remark: input.remark ?? "", roomId, createdAt: at },
      })
      .returning();
    return row;
  });
  await announce(deps, request);
  return {};
}

/**
 * seed /friend/response: answer the newest request from `id` (agree 1 yes, 2 no). -2020 when
 * they never asked, -2019 when it was answered already. Accepting makes the friendship and its
 * thread in the same transaction.
 */
export async function respondToFriend(deps: Deps, p: MemberPrincipal, input: { id: string; agree: 1 | 2 }) {
  const from = parseId(input.id);
  if (from === p.userId) throw new AppError(-2021);
  const at = clock.now();
  const { request, threadId } = await deps.db.transaction(async (tx) => {
    const [req] = await tx
      .select()
      .from(friendRequests)
      .where(and(eq(friendRequests.fromId, from), eq(friendRequests.toId, p.userId)))
      .orderBy(desc(friendRequests.id))
      .limit(1)
      .for("update");
    if (!req) throw new AppError(-2020);
    if (req.status !== 1) throw new AppError(-2019);
    const [done] = await tx
      .update(friendRequests)
      .set({ status: input.agree === 1 ? 3 : 2, handledAt: at })
      .where(eq(friendRequests.id, req.id))
      .returning();
    const threadId = input.agree === 1 ? await makeFriends(tx, from, p.userId, at, { aForB: req.remark }) : null;
    // my own waiting request to them is answered by this too
    if (input.agree === 1) {
      await tx
        .update(friendRequests)
        .set({ status: 3, handledAt: at })
        .where(and(eq(friendRequests.fromId, p.userId), eq(friendRequests.toId, from), eq(friendRequests.status, 1)));
    }
    return { request: done, threadId };
  });
  if (threadId !== null) await subscribeUsers(deps, [from, p.userId], [threadId], true);
  await announce(deps, request);
  return {};
}

/** seed /friend/requestList: requests to me, newest first. */
export async function friendRequestList(deps: Deps, p: MemberPrincipal) {
  const rows = await deps.db.select().from(friendRequests).where(eq(friendRequests.toId, p.userId)).orderBy(desc(friendRequests.id)).limit(200);
  const people = await peopleById(deps.db, rows.map((r) => r.fromId));
  return rows.map((r) => {
    const u = people.get(r.fromId);
    return { avatar: u?.avatar ?? "", id: String(r.fromId), reason: r.reason, sex: u?.sex ?? 0, status: r.status, time: r.createdAt, username: u?.name ?? "" };
  });
}

/** seed /chat33/applyList (friend part): requests to and from me, newest first, paged by id. */
export async function applyList(deps: Deps, p: MemberPrincipal, input: { id?: string; number: number }) {
  const mine = or(eq(friendRequests.toId, p.userId), eq(friendRequests.fromId, p.userId));
  const cursor = input.id ? parseId(input.id) : null;
  const [rows, [{ total }]] = await Promise.all([
    deps.db
      .select()
      .from(friendRequests)
      .where(cursor ? and(mine, lt(friendRequests.id, cursor)) : mine)
      .orderBy(desc(friendRequests.id))
      .limit(input.number + 1),
    deps.db.select({ total: count() }).from(friendRequests).where(mine),
  ]);
  const page = rows.slice(0, input.number);
  return {
    applyList: await applyEntries(deps, page),
    totalNumber: total,
    nextId: rows.length > input.number ? String(page[page.length - 1].id) : "",
  };
}
