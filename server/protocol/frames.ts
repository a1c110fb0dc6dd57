// The live protocol's frames, shared by the server and the browser (pure zod, no Node APIs).
// Seed 004 "webSocket接口" plus Parley's own event numbers; docs/protocol.md is the prose.
import { z } from "zod";

/** eventType numbers. 0–31 are the seed's; 40+ are Parley's. */
export const EventType = {
  message: 0,
  joinRoom: 1,
  leaveRoom: 2,
  muted: 3,
  roomClosed: 4,
  roomDeleted: 5,
  roomOpened: 7,
  messageRevoked: 10,
  /** S→C: a friend request or its answer. */
  friendRequest: 31,
  /** S→C: a support conversation appeared or changed (assigned, taken, read). */
  conversation: 40,
  /** S→C: an agent's availability changed. */
  agentStatus: 41,
  /** C→S→C: the other side read up to a logId. */
  read: 44,
  /** S→C: a friendship ended (either side deleted it): `friendId` is the other member, as the recipient names them. */
  friendRemoved: 45,
  /** C→S: heartbeat; the reply tells the client the socket is alive end to end. */
  ping: 99,
  /** S→C: first frame after connect: who the server thinks you are. */
  hello: 100,
  /** S→C: this socket's session ended (a seed code says why); the close (4001) follows. */
  sessionEnded: 101,
} as const;

export const ChannelType = { room: 1, group: 2, friend: 3, support: 4, complaint: 5 } as const;
export const MsgType = {
  system: 0,
  text: 1,
  audio: 2,
  image: 3,
  redPacket: 4,
  video: 5,
  notification: 6,
  file: 7,
  product: 8,
  order: 9,
} as const;

/** Longest text message, in characters. */
export const MAX_TEXT_LENGTH = 4000;

/**
 * Characters no text field may hold: NUL (PostgreSQL's text and jsonb cannot store it) and
 * unpaired UTF-16 surrogates (not encodable as UTF-8; jsonb refuses them, other paths would
 * turn them into U+FFFD). With the `u` flag a proper surrogate pair is one code point, so only
 * lone halves match `\p{Cs}`.
 */
const UNSAFE_TEXT = /[\u0000\p{Cs}]/u;
export const isSafeText = (s: string) => !UNSAFE_TEXT.test(s);
export const SAFE_TEXT_MESSAGE = "must not contain null characters (U+0000) or unpaired UTF-16 surrogates";

/**
 * A string that can be stored and shown: the reusable refinement for every text input (tRPC
 * routers, identity, frames). Chain the rest after it: `ZSafeText.trim().min(1).max(64)`.
 */
export const ZSafeText = z.string().refine(isSafeText, { message: SAFE_TEXT_MESSAGE });
/** The same refinement on a string schema of your own (e.g. one with a regex first). */
export const safeText = (schema: z.ZodString = z.string()) => schema.refine(isSafeText, { message: SAFE_TEXT_MESSAGE });

const ZMsgId = ZSafeText.min(1).max(64);
/** an id on the wire: digits, no leading zero, within a bigint (every router and frame uses this one) */
export const ZId = z.string().regex(/^[1-9][0-9]{0,17}$/, "must be a numeric id");

export const ZTextMsg = z
  .object({ content: z.string().refine(isSafeText, { message: `text ${SAFE_TEXT_MESSAGE}` }).trim().min(1).max(MAX_TEXT_LENGTH) })
  .strict();
export const ZImageMsg = z
  .object({
    imageUrl: z.string().regex(/^\/uploads\/[A-Za-z0-9_-]{8,64}$/, "must be a Parley upload"),
    width: z.number().int().positive().max(20000).optional(),
    height: z.number().int().positive().max(20000).optional(),
  })
  .strict();

/** eventType 0, C→S. */
export const ZSendFrame = z.object({
  eventType: z.literal(0),
  msgId: ZMsgId,
  channelType: z.number().int(),
  targetId: ZId,
  msgType: z.number().int(),
  msg: z.record(z.string(), z.unknown()),
});

export const ZReadFrame = z.object({
  eventType: z.literal(44),
  msgId: ZMsgId,
  channelType: z.number().int(),
  targetId: ZId,
  logId: ZId,
});

export const ZPingFrame = z.object({ eventType: z.literal(99), msgId: ZMsgId });

/** seed 004 eventType 1 / 2: enter or leave a chat room on this socket */
export const ZJoinRoomFrame = z.object({ eventType: z.literal(1), msgId: ZMsgId, groupId: ZId });
export const ZLeaveRoomFrame = z.object({ eventType: z.literal(2), msgId: ZMsgId, groupId: ZId });

export const ZClientFrame = z.discriminatedUnion("eventType", [ZSendFrame, ZReadFrame, ZPingFrame, ZJoinRoomFrame, ZLeaveRoomFrame]);
export type TClientFrame = z.infer<typeof ZClientFrame>;
export type TSendFrame = z.infer<typeof ZSendFrame>;

export interface SenderInfo {
  nickname: string;
  avatar: string;
}

/** The stored message as it goes out live and in chatLog (seed 004 log shape). */
export interface LogEntry {
  logId: string;
  msgId: string;
  channelType: number;
  fromId: string;
  /** Parley addition: who sent it — a widget visitor, a support agent, a member (member channels), the system */
  fromType: "visitor" | "agent" | "member" | "system";
  targetId: string;
  msgType: number;
  msg: Record<string, unknown>;
  datetime: number;
  senderInfo: SenderInfo;
  /** Parley addition: it was recalled; `msg` is then {} */
  recalled?: true;
  /** Parley addition: who recalled it, when not its sender (a group's owner or admin) */
  recalledBy?: string;
}

export type MessageFrame = { eventType: 0 } & LogEntry;

export interface FailureFrame {
  eventType: number;
  msgId: string;
  code: number;
  content: string;
}

export interface ConversationSummary {
  id: string;
  siteId: string;
  siteName: string;
  status: "waiting" | "open" | "closed";
  agentId: string | null;
  agentName: string | null;
  visitor: { id: string; name: string; customerId: string | null };
  lastLog: LogEntry | null;
  /** unread for the side that receives this summary */
  unread: number;
  /** the newest logId each side has read ("0" for nothing yet) — for "Seen" marks */
  agentReadId: string;
  visitorReadId: string;
  createdAt: number;
  updatedAt: number;
}

/** seed 004 applyList / event 31 person */
export interface ApplyUser {
  id: string;
  name: string;
  avatar: string;
  position: string;
}

/** seed 004 applyList entry of a group (type 1): the applicant, the group as receiveInfo */
export interface GroupApplyEntry {
  senderInfo: ApplyUser;
  receiveInfo: ApplyUser;
  id: number;
  type: 1;
  applyReason: string;
  status: 1 | 2 | 3;
  datetime: number;
  roomId: string;
  /** the member who invited them (a plain member's invitation into a group that needs approval) */
  inviterId?: string;
}

/** seed 004 chat room (/group/list, info, event 7): status 1 open, 2 closed, 3 deleted (admins only) */
export interface RoomInfo {
  groupId: string;
  groupName: string;
  avatar: string;
  description: string;
  createTime: number;
  openTime: number;
  /** 0: never closed */
  closeTime: number;
  status: 1 | 2 | 3;
  totalNumber: number;
  userNumber: number;
  visitorNumber: number;
  /** who may send red packets here: 1 members, 2 admins only, 3 nobody */
  packetSenders: number;
}

export interface PacketClaimedFrame {
  eventType: 50;
  packetId: string;
  channelType: number;
  senderId: string;
  claimer: { id: string; nickname: string };
  /** the claimed share, an exact decimal string */
  amount: string;
  coin: number;
  /** shares in all, and still to claim */
  total: number;
  remain: number;
  finished: boolean;
}

export type ServerFrame =
  | MessageFrame
  | FailureFrame
  | { eventType: 40; conversation: ConversationSummary; reason: "created" | "message" | "assigned" | "taken" | "read" }
  | { eventType: 41; agentId: string; nickname: string; status: "online" | "away" | "offline"; connected: boolean; siteIds: string[] }
  | { eventType: 44; msgId?: string; channelType: 4; targetId: string; reader: "agent" | "visitor"; logId: string; code?: 0 }
  /** member channels: `readerId` read up to logId; targetId is the conversation as the reader names it */
  | { eventType: 44; msgId?: string; channelType: 1 | 2 | 3 | 5; targetId: string; readerId: string; logId: string; code?: 0 }
  /** seed 004 event 10: a message was recalled (operateType 1, everyone) or deleted for the reader (2, the reader's own sockets) */
  | { eventType: 10; logType: 1 | 2; channelType: number; targetId: string; logId: string; operateType: 1 | 2; userName: string; userId: string }
  /** seed 004 event 31: a friend request, or its answer */
  | {
      eventType: 31;
      senderInfo: ApplyUser;
      receiveInfo: ApplyUser;
      id: number;
      type: 2;
      applyReason: string;
      status: 1 | 2 | 3;
      datetime: number;
    }
  /** seed 004 event 3, a global mute (/user/muted): muted everywhere until mutedTime + mutedLastTime (0: lifted) */
  | { eventType: 3; mutedTime: number; mutedLastTime: number; datetime: number }
  /** seed 004 event 3 (here for a group): the member was muted until mutedTime + mutedLastTime (0: lifted) */
  | { eventType: 3; channelType: 2; targetId: string; mutedTime: number; mutedLastTime: number; datetime: number }
  /** seed 004 event 3 for a chat room: muted in that room until mutedTime + mutedLastTime (0: lifted) */
  | { eventType: 3; groupId: string; mutedTime: number; mutedLastTime: number; datetime: number }
  /** seed 004 events 1 / 2 answered */
  | { eventType: 1 | 2; msgId: string; code: 0; content: ""; groupId: string }
  /** seed 004 events 4 / 5: the chat room was closed (read-only) / deleted */
  | { eventType: 4 | 5; groupId: string; datetime: number }
  /** seed 004 event 7: a chat room was opened — its info (status 0 as the seed's table says), to every member and guest */
  | ({ eventType: 7 } & Omit<RoomInfo, "status" | "totalNumber" | "userNumber" | "visitorNumber"> & { status: 0; totalNumber: string; userNumber: string; visitorNumber: string })
  /** seed 004 event 24 for a chat room: who is in it now (at most once a second, only on change) */
  | { eventType: 24; groupId: string; number: string; userNumber: string; visitorNumber: string; datetime: number }
  /** seed 004 event 20: `userId` joined the group (type 1 it was created, 2 invited, 3 applied / approved) */
  | { eventType: 20; roomId: string; userId: string; type: 1 | 2 | 3; datetime: number }
  /** seed 004 event 21: `userId` left the group (type 1 left, 2 removed) */
  | { eventType: 21; roomId: string; userId: string; type: 1 | 2; content: string; datetime: number }
  /** seed 004 event 22: the group was dissolved */
  | { eventType: 22; roomId: string; datetime: number }
  /** seed 004 event 23: a join application, or its answer (the applyList entry) */
  | ({ eventType: 23 } & GroupApplyEntry)
  /** seed 004 event 24: how many of the group's members are online (at most once a second, only on change) */
  | { eventType: 24; roomId: string; number: string; datetime: number }
  /** a friendship ended: to both members' sockets, `friendId` the other one */
  | { eventType: 45; friendId: string }
  /** someone opened a red packet: to its sender and the claimer; the last share, to the whole conversation too */
  | PacketClaimedFrame
  /** an expired red packet's rest went back to its sender (to the sender) */
  | { eventType: 51; packetId: string; coin: number; amount: string; shares: number }
  /** the server is about to close this socket (4001): why, as a seed code (-1007 signed in elsewhere, -1003 signed out) */
  | { eventType: 101; code: number; content: string }
  | { eventType: 99; msgId: string; code: 0; serverTime: number }
  | {
      eventType: 100;
      role: "visitor" | "member" | "guest";
      userId: string;
      siteIds: string[];
      conversationId?: string;
      serverTime: number;
    };

/** Parse one text frame. Returns the frame, or the seed code and why not. */
export function decodeClientFrame(
  text: string,
): { ok: true; frame: TClientFrame } | { ok: false; code: -1005 | -1001 | -1002; eventType: number; msgId: string; detail: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: -1005, eventType: 0, msgId: "", detail: "frame is not JSON" };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { ok: false, code: -1005, eventType: 0, msgId: "", detail: "frame must be a JSON object" };
  }
  const obj = raw as Record<string, unknown>;
  const eventType = typeof obj.eventType === "number" ? obj.eventType : 0;
  const msgId = typeof obj.msgId === "string" ? obj.msgId.slice(0, 64) : "";
  if (!("eventType" in obj)) return { ok: false, code: -1002, eventType, msgId, detail: "eventType is missing" };
  const parsed = ZClientFrame.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "eventType";
    if (issue?.code === "invalid_union") return { ok: false, code: -1001, eventType, msgId, detail: `unknown eventType ${String(obj.eventType)}` };
    const missing = issue?.code === "invalid_type" && issue.message.includes("undefined");
    return { ok: false, code: missing ? -1002 : -1001, eventType, msgId, detail: `${where}: ${issue?.message ?? "invalid"}` };
  }
  return { ok: true, frame: parsed.data };
}
