// The member procedures /chat calls (friend.*, chat33.*, user.*) and the answers it relies on
// (docs/protocol.md). One place that knows their shapes: components and stores are typed
// against this, and the server's router is checked against it (memberApi, below).
import type { ApiClient } from "./trpc";
import type { StoredEntry } from "./conversation-store";

export interface ViewerCanFriend {
  send: boolean;
  recall: boolean;
  delete: boolean;
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

/** chat33.applyList row: a friend request I sent or got */
export interface TApply {
  senderInfo: TUserBrief;
  receiveInfo: TUserBrief;
  id: string;
  type: number;
  applyReason: string;
  /** 1 waiting, 2 refused, 3 accepted */
  status: number;
  datetime: number;
}

/** as the server sends it: the seed's request id is a number there */
export type TApplyRaw = Omit<TApply, "id"> & { id: string | number };

export interface TSearchResult {
  type: number;
  userInfo: TUserBrief & { remark?: string; markId?: string };
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

type Q<I, O> = { query(input: I): Promise<O> };
type M<I, O> = { mutate(input: I): Promise<O> };

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

/** chat33.recall / delete `type`: 1 group, 2 friend (seed 004) */
export const FRIEND_CHAT_TYPE = 2 as const;
