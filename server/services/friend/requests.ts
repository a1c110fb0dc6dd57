// seed 004 friend requests: /friend/add → /friend/response, /friend/requestList, /chat33/applyList.
// Both sides hear every request and answer live (event 31); accepting subscribes every socket
// of both to their thread at once, on every process.
import { and, count, desc, eq, gte, inArray, or, sql, type SQLWrapper } from "drizzle-orm";
import { friendRequests, friendships, groupApplications, groupMembers, groups, users, type TFriendRequest, type TGroupApplication } from "../../../db/schema";
import { GroupLevel } from "../../channels/group";
import { audience } from "../../bus/bus";
import { clock } from "../../clock";
import { takeToken } from "../../rate-limit";
import { AppError } from "../../errors/app-error";
import type { GroupApplyEntry, ServerFrame } from "../../protocol/frames";
import { applicationEntries, requireFriendingInGroup } from "../group/membership";
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
    if (roomId !== null) await requireFriendingInGroup(tx, roomId, p.userId, to);
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

/**
 * seed /chat33/applyList: friend requests to and from me (type 2) and group applications (type 1)
 * — mine, and those of the groups I own or run — newest first. The cursor (`nextId`) is the
 * last entry's place in that order, "<datetime>-<type>-<id>", since the two kinds number apart.
 */
export async function applyList(deps: Deps, p: MemberPrincipal, input: { id?: string; number: number }) {
  const cursor = parseCursor(input.id);
  const friendsMine = or(eq(friendRequests.toId, p.userId), eq(friendRequests.fromId, p.userId));
  const groupsMine = or(
    eq(groupApplications.userId, p.userId),
    eq(groupApplications.inviterId, p.userId),
    inArray(
      groupApplications.groupId,
      deps.db.select({ g: groupMembers.groupId }).from(groupMembers).where(and(eq(groupMembers.userId, p.userId), gte(groupMembers.level, GroupLevel.admin))),
    ),
  );
  const before = (createdAt: SQLWrapper, type: number, id: SQLWrapper) =>
    cursor ? sql`(${createdAt}, ${type}::int, ${id}) < (${cursor.at}::bigint, ${cursor.type}::int, ${cursor.id}::bigint)` : undefined;
  const [friendRows, groupRows, [{ nf }], [{ ng }]] = await Promise.all([
    deps.db
      .select()
      .from(friendRequests)
      .where(and(friendsMine, before(friendRequests.createdAt, 2, friendRequests.id)))
      .orderBy(desc(friendRequests.createdAt), desc(friendRequests.id))
      .limit(input.number + 1),
    deps.db
      .select()
      .from(groupApplications)
      .where(and(groupsMine, before(groupApplications.createdAt, 1, groupApplications.id)))
      .orderBy(desc(groupApplications.createdAt), desc(groupApplications.id))
      .limit(input.number + 1),
    deps.db.select({ nf: count() }).from(friendRequests).where(friendsMine),
    deps.db.select({ ng: count() }).from(groupApplications).where(groupsMine),
  ]);
  const merged: (Keyed & ({ f: TFriendRequest } | { g: TGroupApplication }))[] = [
    ...friendRows.map((f) => ({ at: f.createdAt, type: 2 as const, id: f.id, f })),
    ...groupRows.map((g) => ({ at: g.createdAt, type: 1 as const, id: g.id, g })),
  ].sort((a, b) => b.at - a.at || b.type - a.type || b.id - a.id);
  const page = merged.slice(0, input.number);
  const fr = page.flatMap((x) => ("f" in x ? [x.f] : []));
  const ga = page.flatMap((x) => ("g" in x ? [x.g] : []));
  const groupIds = [...new Set(ga.map((g) => g.groupId))];
  const groupRowsById = new Map(
    (groupIds.length ? await deps.db.select({ id: groups.id, name: groups.name, avatar: groups.avatar }).from(groups).where(inArray(groups.id, groupIds)) : []).map((g) => [g.id, g]),
  );
  const [fe, ge] = await Promise.all([applyEntries(deps, fr), applicationEntries(deps.db, ga, groupRowsById)]);
  const byKey = new Map<string, ApplyEntry | GroupApplyEntry>([...fe.map((e) => [`2-${e.id}`, e] as const), ...ge.map((e) => [`1-${e.id}`, e] as const)]);
  const last = page[page.length - 1];
  return {
    applyList: page.map((x) => byKey.get(`${x.type}-${x.id}`)!),
    totalNumber: nf + ng,
    nextId: merged.length > input.number && last ? `${last.at}-${last.type}-${last.id}` : "",
  };
}

/** applyList's cursor: the previous page's nextId */
function parseCursor(id: string | undefined): Keyed | null {
  if (!id) return null;
  const m = /^(\d{1,16})-([12])-(\d{1,18})$/.exec(id);
  if (m) return { at: Number(m[1]), type: Number(m[2]) as 1 | 2, id: Number(m[3]) };
  throw new AppError(-1001, "id must be the nextId of the previous page");
}
type Keyed = { at: number; type: 1 | 2; id: number };
