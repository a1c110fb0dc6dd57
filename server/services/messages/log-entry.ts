import type { TMessage } from "../../../db/schema";
import { ChannelType, type LogEntry } from "../../protocol/frames";

/** A stored message as the seed's log entry. Member channels name their own targetId (their policy's entry()). */
export function toLogEntry(m: TMessage): LogEntry {
  const entry: LogEntry = {
    logId: String(m.id),
    msgId: m.clientMsgId,
    channelType: m.channelType,
    fromId: String(m.fromId),
    fromType: m.fromType === "visitor" ? "visitor" : m.fromType === "system" ? "system" : m.channelType === ChannelType.support ? "agent" : "member",
    targetId: String(m.targetId),
    msgType: m.msgType,
    msg: m.recalledAt === null ? m.msg : {},
    datetime: m.createdAt,
    senderInfo: { nickname: m.senderName, avatar: m.senderAvatar },
  };
  if (m.recalledAt !== null) {
    entry.recalled = true;
    // someone else took it back: a group's owner or admin
    if (m.recalledBy !== null && m.recalledBy !== m.fromId) entry.recalledBy = String(m.recalledBy);
  }
  return entry;
}
