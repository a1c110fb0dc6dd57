// Chat rooms (seed 004 `/group/*`): what admins do to them — create, rename, avatar, open /
// close / delete, mute someone in one — and what everyone reads — the list, a room's info with
// its live counts, who is in it (admins). Every change that people in a room must see is told
// after its commit: closing (event 4), deleting (5) and opening (7) to every member and guest
// socket (the room's own and everyone's room list); deleting also takes every socket out of it.
import { and, asc, desc, eq, gte, ilike, inArray, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { chatRoomMutes, chatRooms, siteAgents, threads, users, type TChatRoom } from "../../../db/schema";
import { audience, type RoomCount } from "../../bus/bus";
import { ROOM_PERMISSIONS, roomRoleOf, RoomStatus, visibleRoom } from "../../channels/room";
import { can, requireAction } from "../../channels/permissions";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import { ChannelType, type RoomInfo, type ServerFrame } from "../../protocol/frames";
import type { Deps, MemberPrincipal, Principal } from "../deps";
import { parseId } from "../parse-id";
import { roomTotals } from "./live";

const NONE: RoomCount = { users: 0, visitors: 0, members: [] };
const wireStatus = (s: number): RoomInfo["status"] => (s === RoomStatus.open ? 1 : s === RoomStatus.closed ? 2 : 3);

export function toRoomInfo(r: TChatRoom, c: RoomCount = NONE): RoomInfo {
  return {
    groupId: String(r.id),
    groupName: r.name,
    avatar: r.avatar,
    description: r.description,
    createTime: r.createdAt,
    openTime: r.openedAt,
    closeTime: r.closedAt ?? 0,
    status: wireStatus(r.status),
    totalNumber: c.users + c.visitors,
    userNumber: c.users,
    visitorNumber: c.visitors,
    packetSenders: r.packetSenders,
  };
}

const requireManager = (p: Principal) => requireAction(ROOM_PERMISSIONS, roomRoleOf(p), "manage", "this needs an admin account");

async function roomById(deps: Deps, id: number) {
  const [row] = await deps.db.select().from(chatRooms).where(eq(chatRooms.id, id)).limit(1);
  return row;
}

/** seed /group/list: 1 open, 2 closed, 3 all — deleted rooms only for admins (in "all") */
export async function listRooms(deps: Deps, p: Principal, input: { groupStatus: 1 | 2 | 3; groupName?: string; startTime?: number; endTime?: number }) {
  const role = roomRoleOf(p);
  requireAction(ROOM_PERMISSIONS, role, "read");
  const where: (SQL | undefined)[] = [];
  if (input.groupStatus === 1) where.push(eq(chatRooms.status, RoomStatus.open));
  else if (input.groupStatus === 2) where.push(eq(chatRooms.status, RoomStatus.closed));
  else if (!can(ROOM_PERMISSIONS, role, "readDeleted")) where.push(ne(chatRooms.status, RoomStatus.deleted));
  if (input.groupName) where.push(ilike(chatRooms.name, `%${escapeLike(input.groupName)}%`));
  if (input.startTime !== undefined) where.push(gte(chatRooms.createdAt, input.startTime));
  if (input.endTime !== undefined) where.push(lte(chatRooms.createdAt, input.endTime));
  const rows = await deps.db
    .select()
    .from(chatRooms)
    .where(and(...where))
    .orderBy(asc(chatRooms.status), desc(chatRooms.createdAt))
    .limit(500);
  const counts = await roomTotals(deps, rows.map((r) => r.id));
  return { groups: rows.map((r) => toRoomInfo(r, counts.get(r.id))) };
}

/** seed /group/info, and what the caller may do there */
export async function roomInfo(deps: Deps, p: Principal, input: { groupId: string }) {
  const role = roomRoleOf(p);
  requireAction(ROOM_PERMISSIONS, role, "read");
  const room = visibleRoom(await roomById(deps, parseId(input.groupId)), role);
  const counts = await roomTotals(deps, [room.id]);
  const open = room.status === RoomStatus.open;
  return {
    ...toRoomInfo(room, counts.get(room.id)),
    viewerCan: {
      join: open && can(ROOM_PERMISSIONS, role, "join"),
      send: open && can(ROOM_PERMISSIONS, role, "write"),
      manage: can(ROOM_PERMISSIONS, role, "manage"),
      mute: can(ROOM_PERMISSIONS, role, "mute"),
    },
  };
}

/** seed /group/getOnlineNumber */
export async function roomOnlineNumber(deps: Deps, p: Principal, input: { groupId: string }) {
  const role = roomRoleOf(p);
  requireAction(ROOM_PERMISSIONS, role, "read");
  const room = visibleRoom(await roomById(deps, parseId(input.groupId)), role);
  const c = (await roomTotals(deps, [room.id])).get(room.id) ?? NONE;
  return { totalNumber: c.users + c.visitors, userNumber: c.users, visitorNumber: c.visitors };
}

/** eventType 1: the room may be entered (open) by this caller; -5000 otherwise */
export async function enterableRoom(deps: Deps, p: Principal, groupId: string): Promise<number> {
  const role = roomRoleOf(p);
  requireAction(ROOM_PERMISSIONS, role, "join");
  const room = await roomById(deps, parseId(groupId));
  if (!room || room.status !== RoomStatus.open) throw new AppError(-5000, room ? "the room is closed" : undefined);
  return room.id;
}

/** seed /group/addGroup */
export async function createRoom(deps: Deps, p: MemberPrincipal, input: { groupName: string; avatar?: string; description?: string }) {
  requireManager(p);
  const t = clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const [th] = await tx.insert(threads).values({ channelType: ChannelType.room, createdAt: t }).returning({ id: threads.id });
    await tx.insert(chatRooms).values({ id: th.id, name: input.groupName, avatar: input.avatar ?? "", description: input.description ?? "", createdBy: p.userId, createdAt: t, openedAt: t });
    return th.id;
  });
  // a new room is open: everyone's list gains it (event 7), as when a closed one opens
  await announceOpened(deps, (await roomById(deps, id))!);
  return { groupId: String(id) };
}

/** seed /group/editGroupName, /group/editAvatar */
/** rename, a new avatar; who may send red packets (1 members, 2 admins only, 3 nobody: ROOM_PACKET_SENDERS) */
export async function editRoom(deps: Deps, p: MemberPrincipal, input: { groupId: string; groupName?: string; avatar?: string; packetSenders?: 1 | 2 | 3 }) {
  requireManager(p);
  const set: Partial<TChatRoom> = {};
  if (input.groupName !== undefined) set.name = input.groupName;
  if (input.avatar !== undefined) set.avatar = input.avatar;
  if (input.packetSenders !== undefined) set.packetSenders = input.packetSenders;
  const [row] = await deps.db
    .update(chatRooms)
    .set(set)
    .where(and(eq(chatRooms.id, parseId(input.groupId)), ne(chatRooms.status, RoomStatus.deleted)))
    .returning();
  if (!row) throw new AppError(-5000);
  return {};
}

/**
 * seed /group/setStatus: 0 open, 1 close, 2 delete. Under the room's thread lock — the lock a
 * message being written takes — so no message lands in a room after it closed. Setting the
 * status it already has changes nothing and tells nobody. A deleted room stays deleted.
 */
export async function setRoomStatus(deps: Deps, p: MemberPrincipal, input: { groupId: string; type: 0 | 1 | 2 }) {
  requireManager(p);
  const id = parseId(input.groupId);
  const t = clock.now();
  const changed = await deps.db.transaction(async (tx) => {
    await tx.select({ id: threads.id }).from(threads).where(eq(threads.id, id)).for("update");
    const [room] = await tx.select().from(chatRooms).where(eq(chatRooms.id, id)).for("update");
    if (!room || room.status === RoomStatus.deleted) throw new AppError(-5000);
    if (room.status === input.type) return null;
    const set: Partial<TChatRoom> = { status: input.type };
    if (input.type === RoomStatus.open) set.openedAt = t;
    else set.closedAt = t;
    const [row] = await tx.update(chatRooms).set(set).where(eq(chatRooms.id, id)).returning();
    return row;
  });
  if (!changed) return {};
  if (changed.status === RoomStatus.open) await announceOpened(deps, changed);
  else {
    const frame: ServerFrame = { eventType: changed.status === RoomStatus.closed ? 4 : 5, groupId: String(id), datetime: t };
    // to those in it, and to everyone else's room list (as an opening is)
    await deps.bus.publish({ audiences: [audience.room(id), audience.everyone], data: JSON.stringify(frame) });
    // gone: nobody is in a deleted room any more (every process takes its sockets out)
    if (changed.status === RoomStatus.deleted) await deps.bus.publishControl({ type: "unsubscribe", audiences: [audience.room(id)], remove: [audience.room(id)] });
  }
  return {};
}

async function announceOpened(deps: Deps, room: TChatRoom) {
  const c = (await roomTotals(deps, [room.id])).get(room.id) ?? NONE;
  const info = toRoomInfo(room, c);
  const frame: ServerFrame = {
    eventType: 7,
    ...info,
    status: 0,
    totalNumber: String(info.totalNumber),
    userNumber: String(info.userNumber),
    visitorNumber: String(info.visitorNumber),
  };
  await deps.bus.publish({ audiences: [audience.everyone], data: JSON.stringify(frame) });
}

/** userLevel of seed /group/userList: 1 member, 2 agent (of any site), 0 guest */
async function agentsAmong(deps: Deps, ids: number[]) {
  if (ids.length === 0) return new Set<number>();
  const rows = await deps.db.selectDistinct({ id: siteAgents.userId }).from(siteAgents).where(inArray(siteAgents.userId, ids));
  return new Set(rows.map((r) => r.id));
}

/**
 * seed /group/userList (admins): the members in the room right now, with their mute (the later
 * of a global one and this room's), and how many guests are there besides.
 */
export async function roomUsers(deps: Deps, p: MemberPrincipal, input: { groupId: string; queryUserName?: string; page?: number; number?: number }) {
  requireManager(p);
  const room = visibleRoom(await roomById(deps, parseId(input.groupId)), "admin");
  const c = (await roomTotals(deps, [room.id])).get(room.id) ?? NONE;
  const number = input.number ?? 20;
  const page = input.page ?? 1;
  if (c.members.length === 0) return { totalnum: 0, userList: [], visitorNumber: c.visitors };
  const where = and(
    inArray(users.id, c.members),
    input.queryUserName ? or(ilike(users.nickname, `%${escapeLike(input.queryUserName)}%`), eq(users.markId, input.queryUserName), eq(users.mobile, input.queryUserName)) : undefined,
  );
  const [{ n }] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(users).where(where);
  const rows = await deps.db
    .select({ u: users, roomMutedUntil: chatRoomMutes.mutedUntil })
    .from(users)
    .leftJoin(chatRoomMutes, and(eq(chatRoomMutes.roomId, room.id), eq(chatRoomMutes.userId, users.id)))
    .where(where)
    .orderBy(asc(users.nickname), asc(users.id))
    .limit(number)
    .offset((page - 1) * number);
  const agents = await agentsAmong(deps, rows.map((r) => r.u.id));
  const t = clock.now();
  return {
    totalnum: n,
    visitorNumber: c.visitors,
    userList: rows.map(({ u, roomMutedUntil }) => {
      const until = Math.max(u.mutedUntil ?? 0, roomMutedUntil ?? 0);
      return {
        id: String(u.id),
        account: u.mobile,
        name: u.nickname,
        uid: u.markId,
        avatar: u.avatar,
        remark: "",
        verified: u.verified,
        userLevel: agents.has(u.id) ? 2 : 1,
        mutedUntil: until > t ? until : 0,
      };
    }),
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** seed /group/userInfo (admins): a member and their mute — in a room when one is named, else the global one */
export async function roomUserInfo(deps: Deps, p: MemberPrincipal, input: { id: string; groupId?: string }) {
  requireManager(p);
  const userId = parseId(input.id);
  const [u] = await deps.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!u) throw new AppError(-2001);
  let mute: { mutedUntil: number; mutedAt: number } | null = u.mutedUntil ? { mutedUntil: u.mutedUntil, mutedAt: 0 } : null;
  if (input.groupId) {
    const [m] = await deps.db
      .select()
      .from(chatRoomMutes)
      .where(and(eq(chatRoomMutes.roomId, parseId(input.groupId)), eq(chatRoomMutes.userId, userId)))
      .limit(1);
    if (m && m.mutedUntil > (mute?.mutedUntil ?? 0)) mute = { mutedUntil: m.mutedUntil, mutedAt: m.mutedAt };
  }
  const t = clock.now();
  const live = mute && mute.mutedUntil > t ? mute : null;
  const agents = await agentsAmong(deps, [u.id]);
  return {
    id: String(u.id),
    name: u.nickname,
    avatar: u.avatar,
    uid: u.markId,
    account: u.mobile,
    /** seed: when the mute began and how long it lasts (0, 0: not muted) */
    mutedTime: live ? live.mutedAt : 0,
    mutedLastTime: live ? live.mutedUntil - live.mutedAt : 0,
    userLevel: agents.has(u.id) ? 2 : 1,
  };
}

/**
 * chatRoom.mute (admins): mute a member in one room for `mutedTime` ms (0 lifts it). Their sends
 * there are -2007 until then; it ends by itself. They hear it at once (event 3 with groupId).
 */
export async function muteInRoom(deps: Deps, p: MemberPrincipal, input: { groupId: string; userId: string; mutedTime: number }) {
  requireAction(ROOM_PERMISSIONS, roomRoleOf(p), "mute", "this needs an admin account");
  const roomId = parseId(input.groupId);
  const userId = parseId(input.userId);
  if (userId === p.userId) throw new AppError(-2021);
  visibleRoom(await roomById(deps, roomId), null); // deleted or missing: -5000
  const [u] = await deps.db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
  if (!u) throw new AppError(-2001);
  const at = clock.now();
  const mutedUntil = input.mutedTime > 0 ? at + input.mutedTime : at;
  await deps.db
    .insert(chatRoomMutes)
    .values({ roomId, userId, mutedUntil, mutedBy: p.userId, mutedAt: at })
    .onConflictDoUpdate({ target: [chatRoomMutes.roomId, chatRoomMutes.userId], set: { mutedUntil, mutedBy: p.userId, mutedAt: at } });
  const frame: ServerFrame = { eventType: 3, groupId: String(roomId), mutedTime: at, mutedLastTime: input.mutedTime, datetime: at };
  await deps.bus.publish({ audiences: [audience.user(userId)], data: JSON.stringify(frame) });
  return { mutedUntil: input.mutedTime > 0 ? mutedUntil : 0 };
}


