// Support conversations (Parley's channelType 4) as a registry entry. Its rules — who may write,
// routing a conversation's first message, "-2010 another agent serves it" — are decided inside
// the batch statement itself (services/support/support-batch.ts), because they depend on the
// conversation row the batch locks; this entry hands the message path's operations to it.
import { eq } from "drizzle-orm";
import { supportConversations } from "../../db/schema";
import { AppError } from "../errors/app-error";
import { ChannelType } from "../protocol/frames";
import type { Principal } from "../services/deps";
import { chatLog } from "../services/support/chat-log";
import { markRead } from "../services/support/mark-read";
import { toLogEntry } from "../services/messages/log-entry";
import { agentRoleOn } from "../services/support/access";
import { sendSupportMessage, SUPPORT_MSG_TYPES } from "../services/support/send-message";
import { conversationAudiences } from "../services/support/summaries";
import type { ChannelPermissions } from "./permissions";
import type { ChannelPolicy } from "./registry";

/** documents the support rules the batch statement enforces (visitor: own conversation; agents: their sites') */
export const SUPPORT_PERMISSIONS: ChannelPermissions = {
  roles: { visitor: ["read", "write"], agent: ["read", "write"], supervisor: ["read", "write"] },
  denied: {},
};

/** chat-room guests have no support conversation: -2008 to a write, -6000 (none of theirs) to the rest */
const notGuest = <P extends Principal>(p: P, code: -2008 | -6000) => {
  if (p.kind === "guest") throw new AppError(code);
  return p as Exclude<P, { kind: "guest" }>;
};

export const supportChannel: ChannelPolicy = {
  channelType: ChannelType.support,
  name: "support conversations",
  msgTypes: SUPPORT_MSG_TYPES,
  permissions: SUPPORT_PERMISSIONS,
  send: (deps, p, input, opts) => sendSupportMessage(deps, p, { msgId: input.msgId, conversationId: input.targetId, msgType: input.msgType, msg: input.msg }, opts),
  chatLog: async (deps, p, input) => {
    const { targetId, ...rest } = input;
    return chatLog(deps, notGuest(p, -6000), { id: targetId, ...rest });
  },
  markRead: async (deps, p, input) => {
    const r = await markRead(deps, notGuest(p, -6000), { id: input.targetId, logId: input.logId });
    return { targetId: r.id, logId: r.logId, unread: r.unread };
  },
  // a stored message's conversation (a reported message): its visitor's, or its site's agents'
  conversationOfStored: async (deps, p, conversationId) => {
    const [conv] = await deps.db.select().from(supportConversations).where(eq(supportConversations.id, conversationId)).limit(1);
    const role = !conv ? null : p.kind === "visitor" ? (conv.visitorId === p.visitorId ? "visitor" : null) : agentRoleOn(p, conv.siteId);
    return {
      channelType: ChannelType.support,
      storeId: conversationId,
      wireId: String(conversationId),
      role,
      audiences: conv && role ? conversationAudiences(conv) : [],
      entry: toLogEntry,
    };
  },
};
