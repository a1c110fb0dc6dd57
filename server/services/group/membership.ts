// seed 004 /room/create, joinRoomInvite, joinRoomApply, joinRoomApprove, kickOut, loginOut and
// delete: who is in a group. Each is one transaction under the group's lock (core.ts) that
// changes the members, writes the notice into the history and commits; then the sockets hear it
// (events 20–23) and start or stop receiving the group, on every process.
import { and, desc, eq, gte, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { friendships, groupApplications, groupMembers, groups, siteAgents, type TGroup, type TGroupApplication } from "../../../db/schema";
import { audience } from "../../bus/bus";
import { GroupLevel, GROUP_PERMISSIONS, mayActOn, roleOfLevel } from "../../channels/group";
import { can, requireAction } from "../../channels/permissions";
import { clock } from "../../clock";
import { takeToken } from "../../rate-limit";
import { AppError } from "../../errors/app-error";
import { ChannelType, type GroupApplyEntry, type ServerFrame } from "../../protocol/frames";
import type { Deps, MemberPrincipal } from "../deps";
import { peopleById } from "../friend/people";
import { createThread } from "../messages/threads";
import { parseId } from "../parse-id";
import { claimOwnImage } from "../user/profile";
import { addMembers, announce, lockAsMember, lockGroup, membersOf, removeMembers, writeNotice } from "./core";

const ids = (xs: string[]) => [...new Set(xs.map(parseId))];

/**
 * Per member per minute: making groups, asking to join, inviting. Enough for people; too few to
 * spam owners with applications or strangers' lists with groups (-1012; per process).
 */
export const GROUP_LIMITS_PER_MINUTE = { create: 10, apply: 20, invite: 30 } as const;

function limit(kind: keyof typeof GROUP_LIMITS_PER_MINUTE, p: MemberPrincipal) {
  const n = GROUP_LIMITS_PER_MINUTE[kind];
  if (!takeToken(`group-${kind}:${p.userId}`, n, n / 60_000, clock.now())) throw new AppError(-1012);
}

/**
 * Whom a member may bring into a group: their friends — or, in a staff group, the site's
 * agents. -2018 names the first who is neither.
 */
async function requireAddable(tx: DbOrTx, p: MemberPrincipal, siteId: number | null, userIds: number[]) {
  const others = userIds.filter((id) => id !== p.userId);
  if (others.length === 0) return;
  const ok = new Set(
    siteId !== null
      ? (await tx.select({ id: siteAgents.userId }).from(siteAgents).where(and(eq(siteAgents.siteId, siteId), inArray(siteAgents.userId, others)))).map((r) => r.id)
      : (
          await tx
            .select({ id: friendships.friendId })
            .from(friendships)
            .where(and(eq(friendships.userId, p.userId), inArray(friendships.friendId, others), isNull(friendships.deletedAt)))
        ).map((r) => r.id),
    );
  const stranger = others.find((id) => !ok.has(id));
  if (stranger !== undefined) {
    if (siteId !== null) throw new AppError(-3000, `user ${stranger} is not an agent of this site`);
    throw new AppError(-2018, `user ${stranger} is not your friend`);
  }
}

const joinedFrames = (groupId: number, userIds: number[], type: 1 | 2 | 3, at: number): ServerFrame[] =>
  userIds.map((id) => ({ eventType: 20, roomId: String(groupId), userId: String(id), type, datetime: at }));

/** seed /room/create: the caller is the owner; `users` (friends, or a site's agents for a staff group) join at once. */
export async function createGroup(deps: Deps, p: MemberPrincipal, input: { roomName?: string; roomAvatar?: string; users: string[]; siteId?: string }) {
  limit("create", p);
  const siteId = input.siteId ? parseId(input.siteId) : null;
  if (siteId !== null && !p.agentSites.some((s) => s.siteId === siteId)) throw new AppError(-3002, "staff groups are for a site's agents");
  const others = ids(input.users).filter((id) => id !== p.userId);
  const at = clock.now();
  const { group, notice } = await deps.db.transaction(async (tx) => {
    await requireAddable(tx, p, siteId, others);
    if (input.roomAvatar) await claimOwnImage(tx, p.userId, input.roomAvatar);
    const people = await peopleById(tx, [p.userId, ...others]);
    const name = input.roomName || [p.userId, ...others].slice(0, 3).map((id) => people.get(id)?.name ?? "").join(", ");
    const threadId = await createThread(tx, ChannelType.group, [], at);
    const [group] = await tx
      .insert(groups)
      .values({ id: threadId, name: name.slice(0, 64), avatar: input.roomAvatar ?? "", memberLimit: deps.config.groupMaxMembers, siteId, createdAt: at })
      .returning();
    await addMembers(tx, group, [p.userId], at, GroupLevel.owner);
    await addMembers(tx, group, others, at);
    const notice = await writeNotice(tx, group.id, { event: "created", operatorId: p.userId, userIds: others }, at);
    return { group, notice };
  });
  const everyone = [p.userId, ...others];
  await announce(deps, { groupId: group.id, subscribe: everyone, notice, frames: joinedFrames(group.id, everyone, 1, at), alsoTell: everyone, membersChanged: true });
  return { roomId: String(group.id), markId: group.markId };
}

/**
 * seed /room/joinRoomInvite: bring friends in. Those with `admit` (owners, admins) — and anyone,
 * where the group is open — add them at once; a plain member's invitation into a group that
 * needs approval waits for an owner or admin; into a closed group only owners and admins add.
 */
export async function inviteToGroup(deps: Deps, p: MemberPrincipal, input: { roomId: string; users: string[] }) {
  limit("invite", p);
  const groupId = parseId(input.roomId);
  const invitees = ids(input.users);
  if (invitees.includes(p.userId)) throw new AppError(-2021);
  const at = clock.now();
  const out = await deps.db.transaction(async (tx) => {
    const { group, role } = await lockAsMember(tx, groupId, p.userId);
    requireAction(GROUP_PERMISSIONS, role, "invite");
    const admits = can(GROUP_PERMISSIONS, role, "admit");
    if (group.joinPermission === 3 && !admits) throw new AppError(-3001, "the group is closed: only its owner and admins add people");
    await requireAddable(tx, p, group.siteId, invitees);
    const present = new Set((await membersOf(tx, groupId, invitees)).map((m) => m.userId));
    const newcomers = invitees.filter((id) => !present.has(id));
    if (newcomers.length === 0) throw new AppError(-2017, "they are members already");
    if (admits || group.joinPermission === 2) {
      const joined = await addMembers(tx, group, newcomers, at);
      const notice = await writeNotice(tx, groupId, { event: "joined", operatorId: p.userId, userIds: joined }, at);
      return { group, joined, pending: [] as TGroupApplication[], notice };
    }
    const pending: TGroupApplication[] = [];
    for (const userId of newcomers) pending.push(await upsertApplication(tx, groupId, userId, p.userId, "", at));
    return { group, joined: [] as number[], pending, notice: undefined };
  });
  if (out.joined.length) {
    await announce(deps, { groupId, subscribe: out.joined, notice: out.notice, frames: joinedFrames(groupId, out.joined, 2, at), alsoTell: out.joined, membersChanged: true });
  }
  for (const a of out.pending) await announceApplication(deps, out.group, a);
  return { joined: out.joined.map(String), pending: out.pending.map((a) => String(a.userId)) };
}

async function upsertApplication(tx: DbOrTx, groupId: number, userId: number, inviterId: number | null, reason: string, at: number) {
  const [row] = await tx
    .insert(groupApplications)
    .values({ groupId, userId, inviterId, reason, createdAt: at })
    .onConflictDoUpdate({
      target: [groupApplications.groupId, groupApplications.userId],
      targetWhere: eq(groupApplications.status, 1),
      set: { inviterId, reason, createdAt: at },
    })
    .returning();
  return row;
}

/** seed /room/joinRoomApply: join an open group at once; ask to join one that needs approval; a closed one is -3001. */
export async function applyToGroup(deps: Deps, p: MemberPrincipal, input: { roomId: string; applyReason?: string }) {
  limit("apply", p);
  const groupId = parseId(input.roomId);
  const at = clock.now();
  const out = await deps.db.transaction(async (tx) => {
    const { group, me } = await lockGroup(tx, groupId, p.userId);
    // a staff group is invisible outside its site's agents
    if (group.siteId !== null && !p.agentSites.some((s) => s.siteId === group.siteId)) throw new AppError(-6000);
    if (me) throw new AppError(-2017, "you are a member already");
    if (group.joinPermission === 3) throw new AppError(-3001, "the group does not take new members");
    if (group.joinPermission === 2) {
      await addMembers(tx, group, [p.userId], at);
      const notice = await writeNotice(tx, groupId, { event: "joined", operatorId: p.userId, userIds: [p.userId] }, at);
      return { group, notice, application: undefined };
    }
    return { group, notice: undefined, application: await upsertApplication(tx, groupId, p.userId, null, input.applyReason ?? "", at) };
  });
  if (out.notice) {
    await announce(deps, { groupId, subscribe: [p.userId], notice: out.notice, frames: joinedFrames(groupId, [p.userId], 3, at), alsoTell: [p.userId], membersChanged: true });
    return { joined: true };
  }
  await announceApplication(deps, out.group, out.application!);
  return { joined: false };
}

/** seed /room/joinRoomApprove: an owner or admin answers the newest application of `userId` (agree 1 yes, 2 no). */
export async function approveApplication(deps: Deps, p: MemberPrincipal, input: { roomId: string; userId: string; agree: 1 | 2 }) {
  const groupId = parseId(input.roomId);
  const applicant = parseId(input.userId);
  if (applicant === p.userId) throw new AppError(-2021);
  const at = clock.now();
  const out = await deps.db.transaction(async (tx) => {
    const { group, role } = await lockAsMember(tx, groupId, p.userId);
    requireAction(GROUP_PERMISSIONS, role, "approve");
    const [app] = await tx
      .select()
      .from(groupApplications)
      .where(and(eq(groupApplications.groupId, groupId), eq(groupApplications.userId, applicant)))
      .orderBy(desc(groupApplications.id))
      .limit(1)
      .for("update");
    if (!app) throw new AppError(-2020);
    if (app.status !== 1) throw new AppError(-2019);
    let joined: number[] = [];
    let notice;
    if (input.agree === 1) {
      joined = await addMembers(tx, group, [applicant], at);
      // an invitation: "Ken added Ana"; an application: "Ana joined the group"
      const operatorId = app.inviterId ?? applicant;
      if (joined.length) notice = await writeNotice(tx, groupId, { event: "joined", operatorId, userIds: joined }, at);
    }
    const [done] = await tx
      .update(groupApplications)
      .set({ status: input.agree === 1 ? 3 : 2, handledAt: at, handledBy: p.userId })
      .where(eq(groupApplications.id, app.id))
      .returning();
    return { group, done, joined, notice };
  });
  if (out.joined.length) {
    await announce(deps, { groupId, subscribe: out.joined, notice: out.notice, frames: joinedFrames(groupId, out.joined, 3, at), alsoTell: out.joined, membersChanged: true });
  }
  await announceApplication(deps, out.group, out.done);
  return {};
}

/** seed /room/kickOut: owners remove admins and members, admins remove members; nobody removes the owner. */
export async function kickFromGroup(deps: Deps, p: MemberPrincipal, input: { roomId: string; users: string[] }) {
  const groupId = parseId(input.roomId);
  const targets = ids(input.users);
  if (targets.includes(p.userId)) throw new AppError(-2021, "leave the group instead");
  const at = clock.now();
  const out = await deps.db.transaction(async (tx) => {
    const { role } = await lockAsMember(tx, groupId, p.userId);
    requireAction(GROUP_PERMISSIONS, role, "kick");
    const members = await membersOf(tx, groupId, targets);
    if (members.length === 0) throw new AppError(-6000, "they are not members");
    for (const m of members) {
      if (!mayActOn("kick", role, roleOfLevel(m.level))) throw new AppError(-3000, m.level === GroupLevel.owner ? "nobody removes the owner" : "admins remove members, not other admins");
    }
    const gone = members.map((m) => m.userId);
    const notice = await writeNotice(tx, groupId, { event: "kicked", operatorId: p.userId, userIds: gone }, at);
    await removeMembers(tx, groupId, gone, at);
    return { gone, notice };
  });
  const frames: ServerFrame[] = out.gone.map((id) => ({ eventType: 21, roomId: String(groupId), userId: String(id), type: 2, content: `${p.nickname} removed you from the group`, datetime: at }));
  await announce(deps, { groupId, unsubscribe: out.gone, notice: out.notice, frames, alsoTell: out.gone, membersChanged: true });
  return {};
}

/** seed /room/loginOut: leave. The owner hands ownership over first (setLevel 3), or dissolves the group. */
export async function leaveGroup(deps: Deps, p: MemberPrincipal, input: { roomId: string }) {
  const groupId = parseId(input.roomId);
  const at = clock.now();
  const notice = await deps.db.transaction(async (tx) => {
    const { role } = await lockAsMember(tx, groupId, p.userId);
    requireAction(GROUP_PERMISSIONS, role, "leave", "the owner hands ownership over first (setLevel 3), or dissolves the group");
    const notice = await writeNotice(tx, groupId, { event: "left", operatorId: p.userId, userIds: [p.userId] }, at);
    await removeMembers(tx, groupId, [p.userId], at);
    return notice;
  });
  const frame: ServerFrame = { eventType: 21, roomId: String(groupId), userId: String(p.userId), type: 1, content: `${p.nickname} left the group`, datetime: at };
  await announce(deps, { groupId, unsubscribe: [p.userId], notice, frames: [frame], alsoTell: [p.userId], membersChanged: true });
  return {};
}

/** seed /room/delete: the owner dissolves the group — nobody is in it any more and nothing can be written or read. */
export async function dissolveGroup(deps: Deps, p: MemberPrincipal, input: { roomId: string }) {
  const groupId = parseId(input.roomId);
  const at = clock.now();
  const out = await deps.db.transaction(async (tx) => {
    const { role } = await lockAsMember(tx, groupId, p.userId);
    requireAction(GROUP_PERMISSIONS, role, "dissolve");
    const everyone = (await tx.select({ id: groupMembers.userId }).from(groupMembers).where(eq(groupMembers.groupId, groupId))).map((r) => r.id);
    const notice = await writeNotice(tx, groupId, { event: "dissolved", operatorId: p.userId, userIds: [] }, at);
    await removeMembers(tx, groupId, everyone, at);
    await tx.update(groups).set({ dissolvedAt: at }).where(eq(groups.id, groupId));
    await tx.update(groupApplications).set({ status: 2, handledAt: at, handledBy: p.userId }).where(and(eq(groupApplications.groupId, groupId), eq(groupApplications.status, 1)));
    return { everyone, notice };
  });
  const frame: ServerFrame = { eventType: 22, roomId: String(groupId), datetime: at };
  await announce(deps, { groupId, unsubscribe: out.everyone, notice: out.notice, frames: [frame], alsoTell: out.everyone });
  return {};
}

/** the group's owners and admins: they see applications (applyList, event 23) and answer them */
export async function approversOf(db: DbOrTx, groupId: number): Promise<number[]> {
  const rows = await db
    .select({ id: groupMembers.userId })
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), gte(groupMembers.level, GroupLevel.admin)));
  return rows.map((r) => r.id);
}

/** applications as seed applyList entries: the applicant as senderInfo, the group as receiveInfo */
export async function applicationEntries(db: DbOrTx, rows: TGroupApplication[], groupsById: Map<number, Pick<TGroup, "id" | "name" | "avatar">>): Promise<GroupApplyEntry[]> {
  const people = await peopleById(db, rows.map((r) => r.userId));
  return rows.map((r) => {
    const u = people.get(r.userId);
    const g = groupsById.get(r.groupId);
    return {
      senderInfo: { id: String(r.userId), name: u?.name ?? "", avatar: u?.avatar ?? "", position: u?.position ?? "" },
      receiveInfo: { id: String(r.groupId), name: g?.name ?? "", avatar: g?.avatar ?? "", position: "" },
      id: r.id,
      type: 1,
      applyReason: r.reason,
      status: r.status as 1 | 2 | 3,
      datetime: r.createdAt,
      roomId: String(r.groupId),
      ...(r.inviterId !== null ? { inviterId: String(r.inviterId) } : {}),
    };
  });
}

/** event 23 to the applicant, whoever invited them, and the group's owners and admins */
async function announceApplication(deps: Deps, group: TGroup, app: TGroupApplication) {
  const [entry] = await applicationEntries(deps.db, [app], new Map([[group.id, group]]));
  const to = new Set([app.userId, ...(app.inviterId !== null ? [app.inviterId] : []), ...(await approversOf(deps.db, group.id))]);
  await deps.bus.publish({ audiences: [...to].map(audience.user), data: JSON.stringify({ eventType: 23, ...entry } satisfies ServerFrame) });
}

/**
 * seed /friend/add with roomId: they met in this group. Both must be its members (else -6000),
 * and a group with canAddFriend 2 keeps its members from adding each other (-3000).
 */
export async function requireFriendingInGroup(tx: DbOrTx, groupId: number, me: number, them: number) {
  const [g] = await tx
    .select({ canAddFriend: groups.canAddFriend })
    .from(groups)
    .where(and(eq(groups.id, groupId), isNull(groups.dissolvedAt)))
    .limit(1);
  if (!g || (await membersOf(tx, groupId, [me, them])).length !== 2) throw new AppError(-6000, "you are not both in that group");
  if (g.canAddFriend === 2) throw new AppError(-3000, "this group does not let its members add each other as friends");
}
