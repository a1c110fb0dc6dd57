// What a conversation store needs to know about its channel: which stored messages belong to
// it, how its history is asked for, and how a message is recalled or deleted for me. One small
// object per channelType; the store (conversation-store.ts) is the same for all.
import type { StoredEntry } from "./conversation-store";
import { FRIEND_CHAT_TYPE, GROUP_CHAT_TYPE, groupApi, memberApi } from "./member-api";
import { roomApi } from "./room-api";
import type { ApiClient } from "./trpc";

export interface ViewerCan {
  send: boolean;
  recall: boolean;
  delete: boolean;
  /** a group's owners and admins: anyone's message, at any time */
  recallAny?: boolean;
  /** may I send a red packet here (the composer's button)? */
  sendPacket?: boolean;
}

export interface ChatLogPage {
  logs: StoredEntry[];
  nextLog: string | null;
  viewerCan?: ViewerCan;
  recallWindowMs?: number;
  readId?: string;
  peerReadId?: string;
  /** groups: when I may speak here again (0: now) */
  mutedUntil?: number;
}

export interface ChannelSource {
  channelType: number;
  /** what eventType 0 carries as targetId (the support conversation; the friend's user id) */
  targetId: string;
  /** channelType:target, the key conversations are kept by (see conversationKey) */
  key: string;
  /** does this stored message belong to this conversation? */
  owns(entry: Pick<StoredEntry, "channelType" | "fromId" | "targetId">): boolean;
  /** chatLog: the latest `number`, or before startId, or after afterId (oldest first) */
  chatLog(input: { startId?: string; afterId?: string; number: number }): Promise<ChatLogPage>;
  recall?(logId: string): Promise<unknown>;
  hide?(logId: string): Promise<unknown>;
  /** how many messages one catch-up page may ask for (what the server allows) */
  catchUpPage?: number;
  /** after a catch-up, ask the latest page again for what chatLog afterId cannot say (recalls, read marks) */
  refreshesFacts?: boolean;
}

/** the key of a conversation: "3:<friend id>", "4:<conversation id>" */
export function conversationKey(channelType: number, targetId: string): string {
  return `${channelType}:${targetId}`;
}

/**
 * The conversation a stored message belongs to, seen from me: in a friend chat the target is
 * the recipient, so a message from my friend names me — the conversation is the other one.
 */
export function conversationKeyOf(entry: Pick<StoredEntry, "channelType" | "fromId" | "targetId">, myUserId: string): string {
  if (entry.channelType === 3) return conversationKey(3, entry.fromId === myUserId ? entry.targetId : entry.fromId);
  return conversationKey(entry.channelType, entry.targetId);
}

/** a support conversation (channelType 4), by its id — the widget's and the console's */
export function supportChannel(api: ApiClient, conversationId: string): ChannelSource {
  return {
    channelType: 4,
    targetId: conversationId,
    key: conversationKey(4, conversationId),
    owns: (e) => e.channelType === 4 && e.targetId === conversationId,
    chatLog: (input) => api.support.chatLog.query({ id: conversationId, ...input }) as Promise<ChatLogPage>,
  };
}

/** the server's largest chatLog page (friend.chatLog number ≤ 500): catch-up in few round trips */
export const FRIEND_CATCH_UP_PAGE = 500;

/** a friend chat (channelType 3) between me and `friendId` */
export function friendChannel(api: ApiClient, friendId: string, myUserId: string): ChannelSource {
  const m = memberApi(api);
  return {
    channelType: 3,
    targetId: friendId,
    key: conversationKey(3, friendId),
    owns: (e) =>
      e.channelType === 3 && ((e.fromId === friendId && e.targetId === myUserId) || (e.fromId === myUserId && e.targetId === friendId)),
    chatLog: (input) => m.friend.chatLog.query({ id: friendId, ...input }),
    recall: (logId) => m.chat33.recall.mutate({ logId, type: FRIEND_CHAT_TYPE }),
    hide: (logId) => m.chat33.delete.mutate({ logId, type: FRIEND_CHAT_TYPE }),
    catchUpPage: FRIEND_CATCH_UP_PAGE,
    refreshesFacts: true,
  };
}

/** a group (channelType 2), by its roomId: every member's messages target the group */
export function groupChannel(api: ApiClient, roomId: string): ChannelSource {
  const m = memberApi(api);
  const g = groupApi(api);
  return {
    channelType: 2,
    targetId: roomId,
    key: conversationKey(2, roomId),
    owns: (e) => e.channelType === 2 && e.targetId === roomId,
    chatLog: (input) => g.chatLog.query({ id: roomId, ...input }),
    recall: (logId) => m.chat33.recall.mutate({ logId, type: GROUP_CHAT_TYPE }),
    hide: (logId) => m.chat33.delete.mutate({ logId, type: GROUP_CHAT_TYPE }),
    catchUpPage: FRIEND_CATCH_UP_PAGE,
    refreshesFacts: true,
  };
}

/**
 * A chat room (channelType 1), by its groupId: every message targets the room. Its history is
 * chatRoom.getGroupChatHistory (startId back, afterId forward, like the member channels'); what
 * the server allows comes with the latest page (viewerCan, mutedUntil). Rooms have no recall or
 * delete-for-me door, so none is offered.
 */
export function roomChannel(api: ApiClient, roomId: string): ChannelSource {
  const r = roomApi(api);
  return {
    channelType: 1,
    targetId: roomId,
    key: conversationKey(1, roomId),
    owns: (e) => e.channelType === 1 && String(e.targetId) === roomId,
    chatLog: async (input) => {
      const res = await r.getGroupChatHistory.query({ id: roomId, ...input });
      return {
        logs: res.logs,
        nextLog: res.nextLog ?? null,
        ...(res.viewerCan ? { viewerCan: { send: res.viewerCan.send, recall: false, delete: false, sendPacket: res.viewerCan.sendPacket === true } } : {}),
        ...(typeof res.mutedUntil === "number" ? { mutedUntil: res.mutedUntil } : {}),
      };
    },
    catchUpPage: FRIEND_CATCH_UP_PAGE,
    refreshesFacts: true,
  };
}
