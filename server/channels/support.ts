// Support conversations (Parley's channelType 4) as a registry entry. Its rules — who may write,
// routing a conversation's first message, "-2010 another agent serves it" — are decided inside
// the batch statement itself (services/support/support-batch.ts), because they depend on the
// conversation row the batch locks; this entry hands the message path's operations to it.
import { ChannelType } from "../protocol/frames";
import { chatLog } from "../services/support/chat-log";
import { markRead } from "../services/support/mark-read";
import { sendSupportMessage, SUPPORT_MSG_TYPES } from "../services/support/send-message";
import type { ChannelPermissions } from "./permissions";
import type { ChannelPolicy } from "./registry";

/** documents the support rules the batch statement enforces (visitor: own conversation; agents: their sites') */
export const SUPPORT_PERMISSIONS: ChannelPermissions = {
  roles: { visitor: ["read", "write"], agent: ["read", "write"], supervisor: ["read", "write"] },
  denied: {},
};

export const supportChannel: ChannelPolicy = {
  channelType: ChannelType.support,
  name: "support conversations",
  msgTypes: SUPPORT_MSG_TYPES,
  permissions: SUPPORT_PERMISSIONS,
  send: (deps, p, input, opts) => sendSupportMessage(deps, p, { msgId: input.msgId, conversationId: input.targetId, msgType: input.msgType, msg: input.msg }, opts),
  chatLog: async (deps, p, input) => {
    const { targetId, ...rest } = input;
    return chatLog(deps, p, { id: targetId, ...rest });
  },
  markRead: async (deps, p, input) => {
    const r = await markRead(deps, p, { id: input.targetId, logId: input.logId });
    return { targetId: r.id, logId: r.logId, unread: r.unread };
  },
};
