import type { TMessage } from "../../../db/schema";
import type { LogEntry } from "../../protocol/frames";

export function toLogEntry(m: TMessage): LogEntry {
  return {
    logId: String(m.id),
    msgId: m.clientMsgId,
    channelType: m.channelType,
    fromId: String(m.fromId),
    fromType: m.fromType === "visitor" ? "visitor" : m.fromType === "system" ? "system" : "agent",
    targetId: String(m.targetId),
    msgType: m.msgType,
    msg: m.msg,
    datetime: m.createdAt,
    senderInfo: { nickname: m.senderName, avatar: m.senderAvatar },
  };
}
