// The chat-room procedures (channelType 1; tRPC `chatRoom.*`, docs/protocol.md)
// that /chat and the public room page /rooms/<id> call, and the answers they rely on. Seed 004
// calls chat rooms "group" (`/group/*`), hence `groupId`.
import type { RoomInfo } from "../../server/protocol/frames";
import type { StoredEntry } from "./conversation-store";
import type { ApiClient } from "./trpc";

type Q<I, O> = { query(input: I): Promise<O> };
type M<I, O> = { mutate(input: I): Promise<O> };

/** chatRoom.list row, chatRoom.info, event 7 (the protocol's own type) */
export type TRoomInfo = RoomInfo;
/** 1 open, 2 closed, 3 deleted (only admins see those) */
export type RoomStatus = RoomInfo["status"];

export interface TRoomViewerCan {
  join: boolean;
  send: boolean;
  /** an admin */
  manage: boolean;
}

export type TRoomInfoWithCan = TRoomInfo & { viewerCan?: TRoomViewerCan };

export interface TRoomHistoryPage {
  logs: StoredEntry[];
  nextLog: string | null;
  /** when I may speak here again (0: now); muted in the room or everywhere */
  mutedUntil?: number;
  viewerCan?: { send: boolean; recall: boolean; recallAny: boolean; delete: boolean; sendPacket?: boolean };
}

/** the chat-room procedures, as the contract gives them */
export interface RoomRouter {
  list: Q<{ groupStatus: RoomStatus; groupName?: string; startTime?: number; endTime?: number }, { groups: TRoomInfo[] }>;
  info: Q<{ groupId: string }, TRoomInfoWithCan>;
  getGroupChatHistory: Q<{ id: string; startId?: string; afterId?: string; number: number }, TRoomHistoryPage>;
  getOnlineNumber: Q<{ groupId: string }, { totalNumber: number }>;
  visit: M<{ uuid?: string }, { token: string; uuid: string }>;
}

/**
 * The server's `chatRoom` router seen through these shapes. Until the router is mounted the
 * contract's shapes stand in; once it is, `Mounted` is the real router and a mismatch with what
 * the browser expects is a type error here (`npm run typecheck`), like memberApi's.
 */
type Mounted = ApiClient extends { chatRoom: infer R } ? R : RoomRouter;
const asRoomRouter = (r: Mounted): RoomRouter => r;

export function roomApi(api: ApiClient): RoomRouter {
  return asRoomRouter((api as unknown as { chatRoom: Mounted }).chatRoom);
}

/** a room as the server may send it (ids as numbers, counts as strings in event 7): one shape here */
export function normalizeRoom<T extends TRoomInfo>(r: T): T {
  return {
    ...r,
    groupId: String(r.groupId),
    status: Number(r.status) as TRoomInfo["status"],
    totalNumber: Number(r.totalNumber) || 0,
    userNumber: Number(r.userNumber) || 0,
    visitorNumber: Number(r.visitorNumber) || 0,
  };
}
