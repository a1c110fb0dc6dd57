// The member procedures /chat calls (friend.*, chat33.*, user.*) and the answers it relies on
// (docs/protocol.md). One place that knows their shapes: components and stores are typed
// against this, and the server's router is checked against it (memberApi, below).
import type { ApiClient } from "./trpc";
import type { StoredEntry } from "./conversation-store";

type Q<I, O> = { query(input: I): Promise<O> };
type M<I, O> = { mutate(input: I): Promise<O> };

export interface ViewerCanFriend {
  send: boolean;
  recall: boolean;
  delete: boolean;
  /** may I send a red packet here */
  sendPacket?: boolean;
}

/** friend.list row (seed 004 /friend/list) */
export interface TFriend {
  addTime: number;
  id: string;
  name: string;
  avatar: string;
  position?: string;
  remark: string;
  /** 1 on, 2 off */
  noDisturbing: number;
  commonlyUsed?: number;
  /** 1 pinned, 2 not */
  onTop: number;
  /** 1 active, 2 deleted */
  isDelete?: number;
  markId?: string;
}

export interface TFriendUnread {
  id: string;
  number: number;
  lastLog: StoredEntry | null;
}

export interface TChatLogPage {
  logs: StoredEntry[];
  nextLog: string | null;
  viewerCan?: ViewerCanFriend;
  recallWindowMs?: number;
  readId?: string;
  peerReadId?: string;
}

export interface TUserBrief {
  id: string;
  name: string;
  avatar: string;
  position?: string;
}

/**
 * chat33.applyList row: a friend request I sent or got (type 2), or an application to join a
 * group (type 1: senderInfo the applicant, receiveInfo the group, roomId; inviterId when a
 * member invited them into a group that needs approval).
 */
export interface TApply {
  senderInfo: TUserBrief;
  receiveInfo: TUserBrief;
  id: string;
  /** 1 group application, 2 friend request */
  type: number;
  applyReason: string;
  /** 1 waiting, 2 refused, 3 accepted */
  status: number;
  datetime: number;
  /** type 1: the group */
  roomId?: string;
  /** type 1: the member who invited the applicant (none: they applied themselves) */
  inviterId?: string | null;
}

/** as the server sends it: the seed's request id is a number there */
export type TApplyRaw = Omit<TApply, "id" | "roomId" | "inviterId"> & { id: string | number; roomId?: string | number; inviterId?: string | number | null };

/** a group as chat33.search shows it (type 1) */
export interface TRoomSearchInfo {
  id: string;
  name: string;
  avatar: string;
  /** 1 members may add each other as friends, 2 not */
  canAddFriend: number;
  /** 1 approval needed, 2 anyone may join, 3 nobody may join */
  joinPermission: number;
  markId: string;
  memberNumber: number;
  isMember: boolean;
}

/** chat33.search: a person (type 2) or a group (type 1) */
export type TSearchResult =
  | { type: 2; userInfo: TUserBrief & { remark?: string; markId?: string }; roomInfo?: undefined }
  | { type: 1; roomInfo: TRoomSearchInfo; userInfo?: undefined };

// ---- groups (channelType 2; the server's `group` router, /notes/groups-contract.md) ----------

/** group.list row */
export interface TGroupItem {
  id: string;
  markId: string;
  name: string;
  avatar: string;
  /** 1 on, 2 off */
  noDisturbing: number;
  commonlyUsed: number;
  /** 1 pinned, 2 not */
  onTop: number;
  /** 1 member, 2 admin, 3 owner */
  memberLevel: number;
  memberNumber: number;
  /** 1: a staff-internal group of one site's agents (also in the console) */
  interior: number;
  siteId: string | null;
}

/** a member of a group (group.info users, group.userList, group.searchMember) */
export interface TGroupMember {
  id: string;
  nickname: string;
  /** their nickname in this group ("" none) */
  roomNickname: string;
  avatar: string;
  /** 1 member, 2 admin, 3 owner */
  memberLevel: number;
  /** muted here until then (0 none) */
  mutedUntil: number;
  online: boolean;
}

/** what the caller may do in a group: the server's answer, never re-derived */
export interface TGroupCan {
  invite: boolean;
  approve: boolean;
  setPermission: boolean;
  setLevel: boolean;
  muteAll: boolean;
  dissolve: boolean;
  leave: boolean;
  /** member levels the caller may kick */
  kick: number[];
  /** member levels the caller may mute */
  mute: number[];
}

/** group.info */
export interface TGroupInfo {
  id: string;
  markId: string;
  name: string;
  avatar: string;
  onlineNumber: number;
  memberNumber: number;
  memberLimit: number;
  noDisturbing: number;
  onTop: number;
  memberLevel: number;
  canAddFriend: number;
  joinPermission: number;
  /** 1 everyone muted (owners and admins may still speak), 2 not */
  mutedAll: number;
  /** the caller's own mute end in this group (0 none) */
  mutedUntil: number;
  interior: number;
  users: TGroupMember[];
  can: TGroupCan;
}

export interface TGroupUnread {
  id: string;
  number: number;
  lastLog: StoredEntry | null;
}

export interface ViewerCanGroup {
  send: boolean;
  recall: boolean;
  /** owners and admins: anyone's message, at any time */
  recallAny: boolean;
  delete: boolean;
  /** may I send a red packet here */
  sendPacket?: boolean;
}

export interface TGroupChatLogPage {
  logs: StoredEntry[];
  nextLog: string | null;
  viewerCan?: ViewerCanGroup;
  recallWindowMs?: number;
  readId?: string;
  /** when I may speak here again (0: now); muteAll counts for members */
  mutedUntil?: number;
}

/** msgType 6: what the server wrote into a group's history (a member joined, was kicked …) */
export interface TGroupNotification {
  content: string;
  event: "created" | "joined" | "left" | "kicked" | "level" | "dissolved" | "muteAll" | "muted" | string;
  operatorId: string;
  userIds: string[];
  names: Record<string, string>;
  level?: number;
  muted?: number;
  mutedUntil?: number;
}

/** the group procedures, as the contract gives them */
export interface GroupRouter {
  list: Q<{ type?: 1 | 2 | 3 }, { roomList: TGroupItem[] }>;
  unread: { query(): Promise<{ infos: TGroupUnread[] }> };
  info: Q<{ roomId: string }, TGroupInfo>;
  userList: Q<{ roomId: string }, { userList: TGroupMember[] }>;
  userInfo: Q<{ roomId: string; userId: string }, TGroupMember>;
  searchMember: Q<{ roomId: string; query: string }, { userList: TGroupMember[] }>;
  getOnlineNumber: Q<{ roomId: string }, { onlineNumber: number }>;
  create: M<{ roomName?: string; roomAvatar?: string; users: string[]; siteId?: string }, { roomId: string; markId: string }>;
  delete: M<{ roomId: string }, unknown>;
  kickOut: M<{ roomId: string; users: string[] }, unknown>;
  loginOut: M<{ roomId: string }, unknown>;
  setPermission: M<{ roomId: string; canAddFriend?: 1 | 2; joinPermission?: 1 | 2 | 3 }, unknown>;
  setLevel: M<{ roomId: string; userId: string; level: 1 | 2 | 3 }, unknown>;
  setNoDisturbing: M<{ roomId: string; setNoDisturbing: 1 | 2 }, unknown>;
  stickyOnTop: M<{ roomId: string; stickyOnTop: 1 | 2 }, unknown>;
  setMemberNickname: M<{ roomId: string; nickname: string }, unknown>;
  joinRoomInvite: M<{ roomId: string; users: string[] }, { joined: string[]; pending: string[] }>;
  joinRoomApply: M<{ roomId: string; applyReason?: string }, { joined: boolean }>;
  joinRoomApprove: M<{ roomId: string; userId: string; agree: 1 | 2 }, unknown>;
  chatLog: Q<{ id: string; startId?: string; afterId?: string; number: number }, TGroupChatLogPage>;
  muteMember: M<{ roomId: string; userId: string; mutedTime: number }, unknown>;
  muteAll: M<{ roomId: string; muted: 1 | 2 }, unknown>;
}

/** the login answer (user.pwdLogin / smsLogin / tokenLogin) */
export interface TMe {
  account: string;
  id: string;
  /** the markId: what others search for */
  uid: string;
  user_level: number;
  avatar: string;
  username: string;
  verified: number;
}


/** the slice of the router /chat uses, as the contract gives it */
export interface MemberRouter {
  friend: {
    list: Q<{ type: 1 | 2 | 3; time?: number }, { userList: TFriend[] }>;
    unread: { query(): Promise<{ infos: TFriendUnread[] }> };
    add: M<{ id: string; remark?: string; reason?: string }, unknown>;
    response: M<{ id: string; agree: 1 | 2 }, unknown>;
    delete: M<{ id: string }, unknown>;
    requestList: { query(): Promise<unknown> };
    chatLog: Q<{ id: string; startId?: string; afterId?: string; number: number }, TChatLogPage>;
    setRemark: M<{ id: string; remark: string }, unknown>;
    setNoDisturbing: M<{ id: string; setNoDisturbing: 1 | 2 }, unknown>;
    stickyOnTop: M<{ id: string; stickyOnTop: 1 | 2 }, unknown>;
  };
  chat33: {
    applyList: Q<{ id?: string; number: number }, { applyList: TApplyRaw[]; totalNumber: number; nextId: string | null }>;
    search: Q<{ markId: string }, TSearchResult>;
    recall: M<{ logId: string; type: 1 | 2 }, unknown>;
    delete: M<{ logId: string; type: 1 | 2 }, unknown>;
    markRead: M<{ channelType: number; targetId: string; logId?: string }, { targetId: string; logId: string; unread: number }>;
  };
  user: {
    tokenLogin: M<void, TMe>;
    sendSms: M<{ mobile: string }, unknown>;
    setPassword: M<{ password: string; oldPassword?: string; code?: string }, unknown>;
    editAvatar: M<{ avatar: string }, unknown>;
    editNickname: M<{ nickname: string }, unknown>;
    logout: M<void, unknown>;
  };
}

/**
 * The same tRPC client, seen through these shapes. No cast: if the server's router stops
 * answering what /chat expects, this line is a type error (`npm run typecheck`).
 */
export function memberApi(api: ApiClient): MemberRouter {
  return api;
}

/** The group procedures, checked against the server's router like memberApi (no cast). */
export function groupApi(api: ApiClient): GroupRouter {
  return api.group;
}

/** chat33.recall / delete `type`: 1 group, 2 friend (seed 004) */
export const FRIEND_CHAT_TYPE = 2 as const;
export const GROUP_CHAT_TYPE = 1 as const;
