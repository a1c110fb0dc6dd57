// The admin procedures the portal calls (chatRoom.*, report.*, admin.*, user.muted; the money
// pages' answers are in money-api.ts) and the answers it relies on, as docs/protocol.md gives
// them. One place that knows their shapes: the pages and stores are typed against this, and
// `adminApi` checks the server's router against it, as app/_lib/member-api.ts does for /chat.
import type { RoomInfo } from "../../../server/protocol/frames";
import type { ApiClient } from "../../_lib/trpc";
import type { MoneyAdminProcedures } from "./money-api";

type Q<I, O> = { query(input: I): Promise<O> };
type M<I, O> = { mutate(input: I): Promise<O> };

/** chatRoom status: 1 open, 2 closed, 3 deleted (admins only) */
export type RoomStatus = RoomInfo["status"];
/** chatRoom.list groupStatus: 1 open, 2 closed, 3 every room (admins: deleted ones too) */
export type RoomStatusFilter = 1 | 2 | 3;

/** chatRoom.list row (the protocol's RoomInfo) */
export type TRoom = RoomInfo;

/** who is in a room right now (chatRoom.userList) */
export interface TRoomUser {
  id: string;
  account: string;
  name: string;
  uid: string;
  avatar: string;
  remark: string;
  verified: number;
  /** 0 guest, 1 member, 2 agent */
  userLevel: number;
  /** muted in this room or everywhere until then (0 not muted) */
  mutedUntil: number;
}

/** admin.members row */
export interface TMember {
  id: string;
  name: string;
  account: string;
  uid: string;
  avatar: string;
  role: string;
  /** muted everywhere until then (0 or null: not muted) */
  mutedUntil: number | null;
  bannedAt: number | null;
}

/** admin.mutes row: a mute that has not ended yet */
export interface TMute {
  userId: string;
  name: string;
  account: string;
  scope: "global" | "room";
  groupId?: string | null;
  groupName?: string | null;
  mutedUntil: number;
  mutedAt?: number | null;
}

export type ReportStatusFilter = "open" | "closed" | "all";
export type ReportAction = "dismiss" | "delete" | "mute" | "ban";

/** a person as a report names them */
export interface TReportPerson {
  id: string;
  name: string;
  /** the public Parley ID */
  uid?: string;
  account?: string;
  avatar?: string;
  mutedUntil?: number | null;
  bannedAt?: number | null;
}

/** a message as a report shows it (the seed's log shape, as chatLog gives it) */
export interface TReportMessage {
  logId: string;
  fromId: string;
  msgType: number;
  msg: Record<string, unknown>;
  datetime: number;
  senderInfo?: { nickname: string; avatar?: string };
  recalled?: boolean;
  /** who took it back, when not its sender (an admin acting on a report) */
  recalledBy?: string;
  deleted?: boolean;
}

/** one thing an admin did about a report */
export interface TReportActionEntry {
  id: string;
  action: string;
  adminId?: string | null;
  adminName?: string | null;
  detail?: Record<string, unknown>;
  createdAt: number;
}

export interface TReport {
  id: string;
  /** "open" until an admin acts; then "dismissed" or "actioned" */
  status: string;
  reason: string;
  createdAt: number;
  closedAt?: number | null;
  reporter: TReportPerson;
  reported: TReportPerson;
  /** where the message was: channelType (1 chat room, 2 group, 3 friend chat) and its conversation */
  channelType?: number | null;
  targetId?: string | null;
  targetName?: string | null;
  /** the reported message (none: a report of the person alone, or the message is gone) */
  message?: TReportMessage | null;
  /** the messages before and after it in its conversation, oldest first */
  context?: TReportMessage[];
  /** the message as it was when reported (its sender may have recalled it since) */
  snapshot?: TReportMessage | null;
  actions: TReportActionEntry[];
}

export interface AdminRouter {
  chatRoom: {
    list: Q<{ groupStatus: RoomStatusFilter; groupName?: string; startTime?: number; endTime?: number }, { groups: TRoom[] }>;
    addGroup: M<{ groupName: string; avatar?: string }, { groupId: string }>;
    editAvatar: M<{ groupId: string; avatar: string }, unknown>;
    editGroupName: M<{ groupId: string; groupName: string }, unknown>;
    /** type: 0 open, 1 close, 2 delete */
    setStatus: M<{ groupId: string; type: 0 | 1 | 2 }, unknown>;
    userList: Q<{ groupId: string; queryUserName?: string; page?: number; number?: number }, { totalnum: number; userList: TRoomUser[] }>;
    /** mutedTime: a duration in ms; 0 lifts the mute */
    mute: M<{ groupId: string; userId: string; mutedTime: number }, { mutedUntil: number }>;
  };
  report: {
    list: Q<{ status?: ReportStatusFilter; page?: number; number?: number }, { total: number; reports: TReport[] }>;
    act: M<{ id: string; action: ReportAction; mutedTime?: number }, unknown>;
  };
  /** the money pages' procedures are in money-api.ts */
  admin: MoneyAdminProcedures & {
    members: Q<{ query?: string; page?: number; number?: number }, { total: number; members: TMember[] }>;
    mutes: Q<Record<string, never> | void, { mutes: TMute[] }>;
    /** lift a ban: the account may sign in again */
    unban: M<{ userId: string }, unknown>;
    smsOutbox: Q<{ mobile?: string } | undefined, { messages: { id: string; mobile: string; text: string; createdAt: number }[] }>;
  };
  user: {
    /** muted_time: a duration in ms; 0 lifts the mute */
    muted: M<{ id: string; muted_time: number }, unknown>;
    tokenLogin: M<void, { id: string; username: string; avatar: string; account: string }>;
    logout: M<void, unknown>;
  };
}

/**
 * The same tRPC client, seen through these shapes. No cast: if the server's router stops
 * answering what the portal expects, this line is a type error (`npm run typecheck`).
 */
export function adminApi(api: ApiClient): AdminRouter {
  return api;
}
