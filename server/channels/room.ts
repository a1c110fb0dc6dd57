// Public chat rooms (seed 004 聊天室, `/group/*`, channelType 1) as a registry entry. Nobody is a
// member: a socket joins a room live (eventType 1) and hears it until it leaves; anyone —
// members and anonymous guests — may read an open or closed room; members who joined on this
// socket may write while it is open and they are not muted (globally or here); admins run it.
// The writer is the member channels' (thread-batch.ts locks the room's thread; a room closed
// while a message waited for that lock writes nothing).
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedFor } from "../../db/prepared";
import { chatRoomMutes, chatRooms, users } from "../../db/schema";
import { audience } from "../bus/bus";
import { clock } from "../clock";
import { AppError, logUnexpected } from "../errors/app-error";
import { ChannelType, MsgType, type MessageFrame } from "../protocol/frames";
import type { Deps, Principal } from "../services/deps";
import { toLogEntry } from "../services/messages/log-entry";
import { messageWriter } from "../services/messages/message-writer";
import { markUploadsUsed } from "../services/messages/uploads-used";
import { parseId } from "../services/parse-id";
import { roomLive } from "../services/room/live";
import { parseMsg } from "./msg-shapes";
import { CHANNEL_ACTIONS, can, requireAction, viewerCan, type ChannelPermissions } from "./permissions";
import type { ChannelPolicy, Conversation } from "./registry";
import { threadPage } from "./thread-channel";

export const ROOM_ACTIONS = [
  ...CHANNEL_ACTIONS,
  /** enter a room live (eventType 1) */
  "join",
  /** read a deleted room's history */
  "readDeleted",
  /** create, rename, change the avatar, open / close / delete; see who is in it */
  "manage",
  /** mute someone in a room for a while (chatRoom.mute) */
  "mute",
] as const;
export type RoomAction = (typeof ROOM_ACTIONS)[number];
export type RoomRole = "admin" | "member" | "guest";

export const ROOM_PERMISSIONS: ChannelPermissions<RoomAction> = {
  roles: {
    admin: ["read", "join", "write", "recallOwn", "recallAny", "readDeleted", "manage", "mute"],
    // no recall door for rooms (chat33.recall names groups and friends); admins remove a message through a report
    member: ["read", "join", "write"],
    guest: ["read", "join"],
  },
  // a guest's write is the seed's "guests may not send" (a widget visitor has no role here: -6000)
  denied: { write: -2008 },
};

/** platform admins run rooms; members and guests visit them; a widget visitor has no business here */
export function roomRoleOf(p: Principal): RoomRole | null {
  if (p.kind === "guest") return "guest";
  if (p.kind !== "member") return null;
  return p.role === "admin" ? "admin" : "member";
}

/** who may send red packets, by the room's packetSenders setting (-4010 for the rest; guests never) */
export const ROOM_PACKET_SENDERS: Record<number, readonly RoomRole[]> = { 1: ["admin", "member"], 2: ["admin"], 3: [] };

/** chat_rooms.status */
export const RoomStatus = { open: 0, closed: 1, deleted: 2 } as const;

/** the room (if it may be seen by this role), or -5000 exactly like a missing one */
export function visibleRoom<R extends { status: number } | undefined>(row: R, role: RoomRole | null): NonNullable<R> {
  if (!row || (row.status === RoomStatus.deleted && !can(ROOM_PERMISSIONS, role, "readDeleted"))) throw new AppError(-5000);
  return row as NonNullable<R>;
}

const conversationOf = (roomId: number, role: RoomRole | null): Conversation => ({
  channelType: ChannelType.room,
  storeId: roomId,
  wireId: String(roomId),
  role,
  audiences: [audience.room(roomId)],
  entry: (m) => toLogEntry(m),
});

export const roomChannel: ChannelPolicy = {
  channelType: ChannelType.room,
  name: "chat rooms",
  msgTypes: [MsgType.text, MsgType.audio, MsgType.image, MsgType.video, MsgType.file],
  permissions: ROOM_PERMISSIONS,

  async send(deps, p, input, opts) {
    const role = roomRoleOf(p);
    requireAction(ROOM_PERMISSIONS, role, "write");
    if (p.kind !== "member") throw new AppError(-2008);
    const roomId = parseId(input.targetId);
    const [row] = await roomForSender(deps.db).execute({ g: roomId, me: p.userId });
    const room = visibleRoom(row?.status == null ? undefined : { status: row.status }, role);
    if (room.status !== RoomStatus.open) throw new AppError(-5000, "the room is closed");
    if (!roomLive(deps).isIn(opts.exceptConn, roomId)) throw new AppError(-5001, "join the room on this socket first (eventType 1)");
    const mutedUntil = Math.max(row!.globalMutedUntil ?? 0, row!.roomMutedUntil ?? 0);
    if (mutedUntil > clock.now()) throw new AppError(-2007, `until ${new Date(mutedUntil).toISOString()}`);
    const msg = parseMsg(roomChannel.msgTypes, input.msgType, input.msg, "chat rooms");
    const marking = markUploadsUsed(deps, input.msgType, msg);
    if (marking) await marking;
    const written = await messageWriter(deps).write({ channelType: ChannelType.room, targetId: roomId, p, msgId: input.msgId, msgType: input.msgType, msg });
    const entry = toLogEntry(written.row);
    const data = JSON.stringify({ eventType: 0, ...entry } satisfies MessageFrame);
    // the ack does not wait for Redis: this process's sockets have it already (the bus hands it
    // over first), the others get it from Redis; it is stored either way, and a socket that
    // missed it catches up by afterId
    if (written.isNew) void deps.bus.publish({ audiences: [audience.room(roomId)], data, exceptConn: opts.exceptConn }).catch((err) => logUnexpected("room fan-out", err));
    return { entry, isNew: written.isNew, data };
  },

  // a packet comes through the HTTP door, not a socket: the room must be open, not "joined here"
  async authorizePacket(deps, p, targetId) {
    const role = roomRoleOf(p);
    if (p.kind !== "member") throw new AppError(-4010, "sign in to send red packets");
    const roomId = parseId(targetId);
    const [row] = await roomForSender(deps.db).execute({ g: roomId, me: p.userId });
    const room = visibleRoom(row?.status == null ? undefined : { status: row.status }, role);
    if (room.status !== RoomStatus.open) throw new AppError(-5000, "the room is closed");
    const mutedUntil = Math.max(row!.globalMutedUntil ?? 0, row!.roomMutedUntil ?? 0);
    if (mutedUntil > clock.now()) throw new AppError(-2007, `until ${new Date(mutedUntil).toISOString()}`);
    if (!role || !(ROOM_PACKET_SENDERS[row!.packetSenders ?? 1] ?? []).includes(role)) throw new AppError(-4010, "red packets here are not for your role");
    return conversationOf(roomId, role);
  },

  async chatLog(deps, p, input) {
    const role = roomRoleOf(p);
    requireAction(ROOM_PERMISSIONS, role, "read");
    const roomId = parseId(input.targetId);
    const me = p.kind === "member" ? p.userId : 0;
    const [row] = await roomForSender(deps.db).execute({ g: roomId, me });
    visibleRoom(row?.status == null ? undefined : { status: row.status }, role);
    const { logs, nextLog, latest } = await threadPage(deps.db, { ch: ChannelType.room, t: roomId, me }, input, toLogEntry);
    if (!latest) return { logs, nextLog };
    const mutedUntil = Math.max(row?.globalMutedUntil ?? 0, row?.roomMutedUntil ?? 0);
    return {
      logs,
      nextLog,
      viewerCan: {
        ...viewerCan(ROOM_PERMISSIONS, role),
        send: can(ROOM_PERMISSIONS, role, "write") && row?.status === RoomStatus.open,
        sendPacket: !!role && row?.status === RoomStatus.open && (ROOM_PACKET_SENDERS[row?.packetSenders ?? 1] ?? []).includes(role),
      },
      recallWindowMs: deps.config.recallWindowMs,
      mutedUntil: mutedUntil > clock.now() ? mutedUntil : 0,
    };
  },

  // a room keeps no read state: nothing is unread in a room you only listen to
  async markRead(_deps, p, input) {
    requireAction(ROOM_PERMISSIONS, roomRoleOf(p), "read");
    return { targetId: input.targetId, logId: input.logId ?? "0", unread: 0 };
  },

  async conversationOfStored(deps, p, roomId) {
    const role = roomRoleOf(p);
    const [row] = await deps.db.select({ status: chatRooms.status }).from(chatRooms).where(eq(chatRooms.id, roomId)).limit(1);
    const visible = row && (row.status !== RoomStatus.deleted || can(ROOM_PERMISSIONS, role, "readDeleted"));
    return conversationOf(roomId, visible ? role : null);
  },
};

/** the room's status, my global mute and my mute in it: one round trip per send */
const roomForSender = (db: Db) =>
  preparedFor(db, "room_for_sender", () =>
    db
      .select({ status: chatRooms.status, packetSenders: chatRooms.packetSenders, globalMutedUntil: users.mutedUntil, roomMutedUntil: chatRoomMutes.mutedUntil })
      .from(chatRooms)
      .leftJoin(users, eq(users.id, sql.placeholder("me")))
      .leftJoin(chatRoomMutes, and(eq(chatRoomMutes.roomId, chatRooms.id), eq(chatRoomMutes.userId, users.id)))
      .where(eq(chatRooms.id, sql.placeholder("g")))
      .prepare("room_for_sender"),
  );
