import { AppError } from "../../errors/app-error";
import type { SendResult } from "../../channels/registry";
import { parseMsg } from "../../channels/msg-shapes";
import { MsgType, type MessageFrame } from "../../protocol/frames";
import { markUploadsUsed } from "../messages/uploads-used";
import type { Deps, Principal } from "../deps";
import { parseId } from "../parse-id";
import { toLogEntry } from "../messages/log-entry";
import { messageWriter } from "../messages/message-writer";
import { ChannelType } from "../../protocol/frames";
import { announceConversation, conversationAudiences } from "./summaries";

/** what shoppers and agents may send: text and images (product and order cards later) */
export const SUPPORT_MSG_TYPES = [MsgType.text, MsgType.image] as const;

export interface SendInput {
  msgId: string;
  conversationId: string;
  msgType: number;
  msg: unknown;
}

/**
 * Store one support message, then tell everyone. The message is committed before any frame
 * leaves; a resend of the same msgId returns the stored message and tells nobody again.
 * Concurrent sends share one transaction (message-writer.ts), which locks the conversation
 * rows first, so logIds within a conversation grow in commit order — which is what lets
 * `afterId` catch-up never skip a message.
 */
export async function sendSupportMessage(
  deps: Deps,
  p: Principal,
  input: SendInput,
  opts: { exceptConn?: string } = {},
): Promise<SendResult> {
  if (p.kind === "guest") throw new AppError(-2008); // chat-room guests have no support conversation
  const convId = parseId(input.conversationId);
  const msg = parseMsg(SUPPORT_MSG_TYPES, input.msgType, input.msg, "support conversations");
  const marking = markUploadsUsed(deps, input.msgType, msg);
  if (marking) await marking;

  const written = await messageWriter(deps).write({ channelType: ChannelType.support, targetId: convId, p: p, msgId: input.msgId, msgType: input.msgType, msg });
  const { conv, reason } = written.support!;
  const entry = toLogEntry(written.row);
  const frame: MessageFrame = { eventType: 0, ...entry };
  const data = JSON.stringify(frame);
  if (!written.isNew) return { entry, isNew: false, data };
  await deps.bus.publish({ audiences: conversationAudiences(conv), data, exceptConn: opts.exceptConn });
  if (reason) await announceConversation(deps, conv, reason);
  return { entry, isNew: true, data };
}
