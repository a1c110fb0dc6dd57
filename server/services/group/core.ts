// What every change to a group does: lock it, find the caller's place in it, add and remove
// members, write the notice that tells the story in its history (msgType 6), and tell the
// sockets afterwards. The rules themselves are the group's policy (channels/group.ts).
import { randomUUID } from "node:crypto";
import { and, count, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { groupMembers, groups, messages, threadMembers, threads, users, type TGroup, type TGroupMember, type TMessage } from "../../../db/schema";
import { audience } from "../../bus/bus";
import { roleOfLevel, type GroupRole } from "../../channels/group";
import { AppError } from "../../errors/app-error";
import { ChannelType, MsgType, type MessageFrame, type ServerFrame } from "../../protocol/frames";
import type { Deps } from "../deps";
import { toLogEntry } from "../messages/log-entry";
import { subscribeUsers } from "../user/sessions";
import { groupOnline } from "./online";

export interface LockedGroup {
  group: TGroup;
  /** the caller's membership (undefined: not a member) */
  me: TGroupMember | undefined;
  role: GroupRole | null;
}

/**
 * Locks a group for a change, in the caller's transaction. The lock is its thread row — the one
 * the message writer takes — so membership changes and messages are serialized: a notice's logId
 * falls in commit order, and a member removed here cannot have a message written after it.
 * A dissolved or missing group is -6000.
 */
export async function lockGroup(tx: DbOrTx, groupId: number, userId: number): Promise<LockedGroup> {
  await tx.select({ id: threads.id }).from(threads).where(eq(threads.id, groupId)).for("update");
  const [group] = await tx
    .select()
    .from(groups)
    .where(and(eq(groups.id, groupId), isNull(groups.dissolvedAt)))
    .limit(1);
  if (!group) throw new AppError(-6000);
  const [me] = await tx
    .select()
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
    .limit(1);
  return { group, me, role: me ? roleOfLevel(me.level) : null };
}

/** lockGroup, and the caller must be a member: someone else's group reads like a missing one (-6000) */
export async function lockAsMember(tx: DbOrTx, groupId: number, userId: number) {
  const locked = await lockGroup(tx, groupId, userId);
  if (!locked.me) throw new AppError(-6000);
  return locked as LockedGroup & { me: TGroupMember; role: GroupRole };
}

export async function membersOf(tx: DbOrTx, groupId: number, userIds: number[]) {
  if (userIds.length === 0) return [];
  return tx
    .select()
    .from(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.userId, userIds)));
}

export async function memberCount(tx: DbOrTx, groupId: number): Promise<number> {
  const [{ n }] = await tx.select({ n: count() }).from(groupMembers).where(eq(groupMembers.groupId, groupId));
  return n;
}

/**
 * Adds people to a locked group (those already in it are left alone) and returns who was added.
 * The size limit is checked under the lock, so concurrent joins can never pass it. A new
 * member's read pointer starts at the group's newest message: they may scroll back through the
 * history, but it is not "unread" for them.
 */
export async function addMembers(tx: DbOrTx, group: TGroup, userIds: number[], at: number, level = 1): Promise<number[]> {
  const present = new Set((await membersOf(tx, group.id, userIds)).map((m) => m.userId));
  const fresh = [...new Set(userIds)].filter((id) => !present.has(id));
  if (fresh.length === 0) return [];
  const n = await memberCount(tx, group.id);
  if (n + fresh.length > group.memberLimit) throw new AppError(-3001, `the group is full (${group.memberLimit} members)`);
  await tx.insert(groupMembers).values(fresh.map((userId) => ({ groupId: group.id, userId, level, joinedAt: at })));
  const newest = sql`coalesce((select ${threads.lastMessageId} from ${threads} where ${threads.id} = ${group.id}), 0)`;
  await tx
    .insert(threadMembers)
    .values(fresh.map((userId) => ({ threadId: group.id, userId, joinedAt: at, readId: newest })))
    .onConflictDoUpdate({
      target: [threadMembers.threadId, threadMembers.userId],
      set: { leftAt: null, joinedAt: at, readId: sql`greatest(${threadMembers.readId}, excluded.read_id)` },
    });
  return fresh;
}

/** Removes members from a locked group: their rows go, their read pointers stay (left_at) for a return. */
export async function removeMembers(tx: DbOrTx, groupId: number, userIds: number[], at: number) {
  if (userIds.length === 0) return;
  await tx.delete(groupMembers).where(and(eq(groupMembers.groupId, groupId), inArray(groupMembers.userId, userIds)));
  await tx
    .update(threadMembers)
    .set({ leftAt: at })
    .where(and(eq(threadMembers.threadId, groupId), inArray(threadMembers.userId, userIds)));
}

/** the names members go by in a group: their group nickname, else their own */
export async function namesIn(tx: DbOrTx, groupId: number, userIds: number[]): Promise<Map<number, string>> {
  const uniq = [...new Set(userIds)];
  if (uniq.length === 0) return new Map();
  const rows = await tx
    .select({ id: users.id, nickname: users.nickname, roomNickname: groupMembers.nickname })
    .from(users)
    .leftJoin(groupMembers, and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, users.id)))
    .where(inArray(users.id, uniq));
  return new Map(rows.map((r) => [r.id, r.roomNickname || r.nickname]));
}

export type NoticeEvent = "created" | "joined" | "left" | "kicked" | "level" | "dissolved" | "muteAll" | "muted";

export interface Notice {
  event: NoticeEvent;
  operatorId: number;
  userIds: number[];
  level?: number;
  muted?: 1 | 2;
  mutedUntil?: number;
}

const list = (names: string[]) => (names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`);

/** the notice in English: clients render their own language from `event` and `names`; this is the fallback (and the compat API's) */
function noticeText(n: Notice, name: (id: number) => string): string {
  const op = name(n.operatorId);
  const who = list(n.userIds.map(name));
  switch (n.event) {
    case "created":
      return n.userIds.length ? `${op} created the group with ${who}` : `${op} created the group`;
    case "joined":
      return n.userIds.includes(n.operatorId) ? `${who} joined the group` : `${op} added ${who}`;
    case "left":
      return `${who} left the group`;
    case "kicked":
      return `${op} removed ${who}`;
    case "level":
      return n.level === 3 ? `${op} made ${who} the owner` : n.level === 2 ? `${op} made ${who} an admin` : `${op} made ${who} a member`;
    case "dissolved":
      return `${op} dissolved the group`;
    case "muteAll":
      return n.muted === 1 ? `${op} muted the group: only the owner and admins may speak` : `${op} unmuted the group`;
    case "muted":
      return n.mutedUntil ? `${op} muted ${who} until ${new Date(n.mutedUntil).toISOString()}` : `${op} unmuted ${who}`;
  }
}

/**
 * Writes a notice into a locked group's history (msgType 6, from the server on the operator's
 * behalf) and moves the group's last message to it. Published after the commit (publishNotice).
 */
export async function writeNotice(tx: DbOrTx, groupId: number, notice: Notice, at: number): Promise<TMessage> {
  const names = await namesIn(tx, groupId, [notice.operatorId, ...notice.userIds]);
  // a member who already left is no longer in the group: their own name
  const name = (id: number) => names.get(id) ?? "";
  const msg = {
    content: noticeText(notice, name),
    event: notice.event,
    operatorId: String(notice.operatorId),
    userIds: notice.userIds.map(String),
    names: Object.fromEntries([...names].map(([id, n]) => [String(id), n])),
    ...(notice.level !== undefined ? { level: notice.level } : {}),
    ...(notice.muted !== undefined ? { muted: notice.muted } : {}),
    ...(notice.mutedUntil !== undefined ? { mutedUntil: notice.mutedUntil } : {}),
  };
  const [row] = await tx
    .insert(messages)
    .values({
      channelType: ChannelType.group,
      targetId: groupId,
      fromType: "system",
      fromId: notice.operatorId,
      clientMsgId: `notice:${randomUUID()}`,
      msgType: MsgType.notification,
      msg,
      senderName: name(notice.operatorId),
      createdAt: at,
    })
    .returning();
  await tx.update(threads).set({ lastMessageId: row.id, lastMessageAt: at }).where(eq(threads.id, groupId));
  return row;
}

/** After the commit: who hears a group change. `to` are the group's sockets plus anyone else named (a leaver's own). */
export interface Announcement {
  groupId: number;
  notice?: TMessage;
  frames?: ServerFrame[];
  /** users whose sockets start receiving the group, before anything is told */
  subscribe?: number[];
  /** users whose sockets stop receiving the group, before anything is told (they hear it on their own audience) */
  unsubscribe?: number[];
  /** users told besides the group's sockets */
  alsoTell?: number[];
  /** the online count may have changed (members came or went) */
  membersChanged?: boolean;
}

export async function announce(deps: Deps, a: Announcement) {
  if (a.unsubscribe?.length) await subscribeUsers(deps, a.unsubscribe, [a.groupId], false);
  if (a.subscribe?.length) await subscribeUsers(deps, a.subscribe, [a.groupId], true);
  const audiences = [audience.thread(a.groupId), ...(a.alsoTell ?? []).map(audience.user)];
  if (a.notice) await deps.bus.publish({ audiences, data: JSON.stringify({ eventType: 0, ...toLogEntry(a.notice) } satisfies MessageFrame) });
  for (const f of a.frames ?? []) await deps.bus.publish({ audiences, data: JSON.stringify(f) });
  if (a.membersChanged) groupOnline(deps).groupChanged(a.groupId);
}
