// seed 004 /room/list, unread, info, userList, userInfo, searchMember, getOnlineNumber: what a
// member sees of their groups. Someone who is not a member sees nothing (-6000), like a missing group.
import { and, asc, desc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import { groupMembers, groups, messages, threadMembers, threads, users, type TGroup } from "../../../db/schema";
import { groupViewerCan, roleOfLevel } from "../../channels/group";
import { unreadCountOf } from "../../channels/thread-channel";
import { AppError } from "../../errors/app-error";
import { ChannelType, type LogEntry } from "../../protocol/frames";
import type { Deps, MemberPrincipal } from "../deps";
import { toLogEntry } from "../messages/log-entry";
import { parseId } from "../parse-id";
import { memberCount } from "./core";
import { onlineNumber } from "./online";

/** info lists this many members (owner and admins first); userList lists everyone */
export const INFO_MEMBERS = 500;

const memberNumberOf = sql<number>`(select count(*)::int from ${groupMembers} gm where gm.group_id = ${groups.id})`;

/** seed /room/list: type 1 ordinary, 2 frequently used, 3 all; pinned first, then the latest activity */
export async function listGroups(deps: Deps, p: MemberPrincipal, input: { type: 1 | 2 | 3 }) {
  const rows = await deps.db
    .select({ g: groups, m: groupMembers, memberNumber: memberNumberOf, activeAt: sql<number>`coalesce(${threads.lastMessageAt}, ${groups.createdAt})` })
    .from(groupMembers)
    .innerJoin(groups, and(eq(groups.id, groupMembers.groupId), isNull(groups.dissolvedAt)))
    .innerJoin(threads, eq(threads.id, groups.id))
    .where(and(eq(groupMembers.userId, p.userId), input.type === 3 ? undefined : eq(groupMembers.commonlyUsed, input.type)))
    .orderBy(asc(groupMembers.onTop), desc(sql`coalesce(${threads.lastMessageAt}, ${groups.createdAt})`));
  return {
    roomList: rows.map(({ g, m, memberNumber }) => ({
      id: String(g.id),
      markId: g.markId,
      name: g.name,
      avatar: g.avatar,
      noDisturbing: m.noDisturbing,
      commonlyUsed: m.commonlyUsed,
      onTop: m.onTop,
      memberLevel: m.level,
      memberNumber: Number(memberNumber),
      interior: g.siteId === null ? 0 : 1,
      siteId: g.siteId === null ? null : String(g.siteId),
    })),
  };
}

/** seed /room/unread: per group, the messages after my read pointer (not mine, not notices) and the newest message */
export async function groupUnread(deps: Deps, p: MemberPrincipal) {
  const rows = await deps.db
    .select({ groupId: groups.id, lastMessageId: threads.lastMessageId, number: unreadCountOf(deps.db, ChannelType.group, groups.id, threadMembers.readId, p.userId) })
    .from(groupMembers)
    .innerJoin(groups, and(eq(groups.id, groupMembers.groupId), isNull(groups.dissolvedAt)))
    .innerJoin(threads, eq(threads.id, groups.id))
    .innerJoin(threadMembers, and(eq(threadMembers.threadId, groups.id), eq(threadMembers.userId, p.userId)))
    .where(eq(groupMembers.userId, p.userId));
  const lastIds = rows.map((r) => r.lastMessageId).filter((x): x is number => x !== null);
  const last = lastIds.length ? await deps.db.select().from(messages).where(inArray(messages.id, lastIds)) : [];
  const byId = new Map(last.map((m) => [m.id, m]));
  return {
    infos: rows.map((r) => {
      const m = r.lastMessageId ? byId.get(r.lastMessageId) : undefined;
      const lastLog: LogEntry | null = m ? toLogEntry(m) : null;
      return { id: String(r.groupId), number: Number(r.number), lastLog };
    }),
  };
}

/** the group and my membership, or -6000 (missing, dissolved, or not mine) */
async function mine(deps: Deps, p: MemberPrincipal, roomId: string): Promise<{ group: TGroup; level: number; me: typeof groupMembers.$inferSelect }> {
  const [row] = await deps.db
    .select({ group: groups, me: groupMembers })
    .from(groups)
    .innerJoin(groupMembers, and(eq(groupMembers.groupId, groups.id), eq(groupMembers.userId, p.userId)))
    .where(and(eq(groups.id, parseId(roomId)), isNull(groups.dissolvedAt)))
    .limit(1);
  if (!row) throw new AppError(-6000);
  return { group: row.group, level: row.me.level, me: row.me };
}

const memberColumns = {
  id: users.id,
  nickname: users.nickname,
  roomNickname: groupMembers.nickname,
  avatar: users.avatar,
  memberLevel: groupMembers.level,
  mutedUntil: groupMembers.mutedUntil,
};
type MemberRow = { id: number; nickname: string; roomNickname: string; avatar: string; memberLevel: number; mutedUntil: number };

async function withOnline(deps: Deps, rows: MemberRow[]) {
  const live = rows.length ? await deps.bus.presence.connected(rows.map((r) => r.id)) : new Set<number>();
  return rows.map((r) => ({ ...r, id: String(r.id), online: live.has(r.id) }));
}

function membersQuery(deps: Deps, groupId: number) {
  return deps.db
    .select(memberColumns)
    .from(groupMembers)
    .innerJoin(users, eq(users.id, groupMembers.userId))
    .where(eq(groupMembers.groupId, groupId))
    .orderBy(desc(groupMembers.level), asc(groupMembers.joinedAt), asc(groupMembers.userId))
    .$dynamic();
}

/** seed /room/info: the group, my place and settings in it, what I may do (its policy's table), the first members */
export async function groupInfo(deps: Deps, p: MemberPrincipal, input: { roomId: string }) {
  const { group, me } = await mine(deps, p, input.roomId);
  const [members, n, online] = await Promise.all([membersQuery(deps, group.id).limit(INFO_MEMBERS), memberCount(deps.db, group.id), onlineNumber(deps, group.id)]);
  return {
    id: String(group.id),
    markId: group.markId,
    name: group.name,
    avatar: group.avatar,
    onlineNumber: online,
    memberNumber: n,
    memberLimit: group.memberLimit,
    noDisturbing: me.noDisturbing,
    onTop: me.onTop,
    memberLevel: me.level,
    roomNickname: me.nickname,
    canAddFriend: group.canAddFriend,
    joinPermission: group.joinPermission,
    packetSenders: group.packetSenders,
    mutedAll: group.mutedAll,
    mutedUntil: me.mutedUntil,
    interior: group.siteId === null ? 0 : 1,
    siteId: group.siteId === null ? null : String(group.siteId),
    users: await withOnline(deps, members),
    can: groupViewerCan(roleOfLevel(me.level)),
  };
}

/** seed /room/userList: every member */
export async function groupUserList(deps: Deps, p: MemberPrincipal, input: { roomId: string }) {
  const { group } = await mine(deps, p, input.roomId);
  return { userList: await withOnline(deps, await membersQuery(deps, group.id)) };
}

/** seed /room/userInfo: one member (-6000 when they are not in the group) */
export async function groupUserInfo(deps: Deps, p: MemberPrincipal, input: { roomId: string; userId: string }) {
  const { group } = await mine(deps, p, input.roomId);
  const [row] = await membersQuery(deps, group.id).where(and(eq(groupMembers.groupId, group.id), eq(groupMembers.userId, parseId(input.userId))));
  if (!row) throw new AppError(-6000, "they are not a member");
  const [member] = await withOnline(deps, [row]);
  return member;
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** seed /room/searchMember: members whose name or group nickname contains the query */
export async function searchGroupMembers(deps: Deps, p: MemberPrincipal, input: { roomId: string; query: string }) {
  const { group } = await mine(deps, p, input.roomId);
  const pattern = likePattern(input.query);
  const rows = await membersQuery(deps, group.id)
    .where(and(eq(groupMembers.groupId, group.id), or(ilike(users.nickname, pattern), ilike(groupMembers.nickname, pattern))))
    .limit(100);
  return { userList: await withOnline(deps, rows) };
}

/** seed /room/getOnlineNumber */
export async function groupOnlineNumber(deps: Deps, p: MemberPrincipal, input: { roomId: string }) {
  const { group } = await mine(deps, p, input.roomId);
  return { onlineNumber: await onlineNumber(deps, group.id) };
}

/**
 * seed /chat33/search (group part): a group by markId, as someone deciding whether to join sees
 * it. A staff group is found only by its site's agents. null when no group has it.
 */
export async function groupByMarkId(deps: Deps, p: MemberPrincipal, markId: string) {
  const [row] = await deps.db
    .select({ g: groups, memberNumber: memberNumberOf, isMember: sql<boolean>`exists (select 1 from ${groupMembers} gm where gm.group_id = ${groups.id} and gm.user_id = ${p.userId})` })
    .from(groups)
    .where(and(eq(groups.markId, markId), isNull(groups.dissolvedAt)))
    .limit(1);
  if (!row) return null;
  if (row.g.siteId !== null && !p.agentSites.some((s) => s.siteId === row.g.siteId)) return null;
  return {
    type: 1 as const,
    roomInfo: {
      id: String(row.g.id),
      markId: row.g.markId,
      name: row.g.name,
      avatar: row.g.avatar,
      canAddFriend: row.g.canAddFriend,
      joinPermission: row.g.joinPermission,
      packetSenders: row.g.packetSenders,
      memberNumber: Number(row.memberNumber),
      isMember: Boolean(row.isMember),
    },
  };
}
