import { and, eq, sql } from "drizzle-orm";
import { messages, supportConversations, uploads, visitors } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import { ChannelType, MsgType, parseSupportMsg, type LogEntry, type MessageFrame } from "../../protocol/frames";
import type { Deps, Principal } from "../deps";
import { now } from "../deps";
import { getConversationForOrThrow, parseId } from "./access";
import { toLogEntry } from "./log-entry";
import { pickAgent } from "./routing";
import { announceConversation, conversationAudiences, visitorDisplayName } from "./summaries";

export interface SendInput {
  msgId: string;
  conversationId: string;
  msgType: number;
  msg: unknown;
}

export interface SendResult {
  entry: LogEntry;
  /** false when this msgId was already stored: nothing new was written or delivered */
  isNew: boolean;
}

/**
 * Store one support message, then tell everyone. The message is committed before any frame
 * leaves; a resend of the same msgId returns the stored message and tells nobody again.
 * The conversation row is locked first, so logIds within a conversation grow in commit
 * order — which is what lets `afterId` catch-up never skip a message.
 */
export async function sendSupportMessage(
  deps: Deps,
  p: Principal,
  input: SendInput,
  opts: { exceptConn?: string } = {},
): Promise<SendResult> {
  const convId = parseId(input.conversationId);
  const parsed = parseSupportMsg(input.msgType, input.msg);
  if (parsed === null) throw new AppError(-1005, `msgType ${input.msgType} is not supported in support conversations`);
  if (!parsed.success) throw new AppError(-7000, parsed.error.issues[0]?.message);
  const msg = parsed.data as Record<string, unknown>;
  if (input.msgType === MsgType.image) await assertUploadExists(deps, String(msg.imageUrl));

  const fromType = p.kind === "visitor" ? "visitor" : "member";
  const fromId = p.kind === "visitor" ? p.visitorId : p.userId;

  const existing = await findExisting(deps, convId, fromType, fromId, input.msgId);
  if (existing) {
    await getConversationForOrThrow(deps.db, p, convId); // a resend still proves access
    return { entry: existing, isNew: false };
  }

  const result = await deps.db.transaction(async (tx) => {
    const conv = await getConversationForOrThrow(tx, p, convId, { lock: true });
    if (conv.status === "closed") throw new AppError(-6000, "this conversation is closed");
    if (p.kind === "member" && conv.agentId !== null && conv.agentId !== p.userId) {
      throw new AppError(-2010);
    }
    let senderName: string;
    let senderAvatar = "";
    if (p.kind === "visitor") {
      const [v] = await tx.select({ name: visitors.name }).from(visitors).where(eq(visitors.id, p.visitorId));
      senderName = visitorDisplayName(v?.name, p.visitorId);
    } else {
      senderName = p.nickname;
      senderAvatar = p.avatar;
    }
    const t = now();
    const [row] = await tx
      .insert(messages)
      .values({
        channelType: ChannelType.support,
        targetId: convId,
        fromType,
        fromId,
        clientMsgId: input.msgId,
        msgType: input.msgType,
        msg,
        senderName,
        senderAvatar,
        createdAt: t,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return null; // lost a race with our own resend: the other copy wins

    let status = conv.status;
    let agentId = conv.agentId;
    let reason: "created" | "assigned" | "taken" | null = null;
    if (p.kind === "member" && conv.agentId === null) {
      // an agent answering a waiting conversation takes it
      status = "open";
      agentId = p.userId;
      reason = "taken";
    } else if (p.kind === "visitor" && conv.agentId === null && conv.lastMessageId === null) {
      agentId = await pickAgent(tx, deps.bus.presence, conv.siteId);
      status = agentId ? "open" : "waiting";
      reason = agentId ? "assigned" : "created";
    }
    const [updated] = await tx
      .update(supportConversations)
      .set({
        status,
        agentId,
        lastMessageId: row.id,
        lastMessageAt: t,
        ...(p.kind === "visitor"
          ? { agentUnread: sql`${supportConversations.agentUnread} + 1` }
          : { visitorUnread: sql`${supportConversations.visitorUnread} + 1`, agentUnread: 0, agentReadId: row.id }),
      })
      .where(eq(supportConversations.id, convId))
      .returning();
    return { row, updated, reason };
  });

  if (!result) {
    const again = await findExisting(deps, convId, fromType, fromId, input.msgId);
    if (!again) throw new AppError(-1011);
    return { entry: again, isNew: false };
  }

  const entry = toLogEntry(result.row);
  const conv = result.updated;
  const frame: MessageFrame = { eventType: 0, ...entry };
  const data = JSON.stringify(frame);
  await deps.bus.publish({ audiences: conversationAudiences(conv), data, exceptConn: opts.exceptConn });
  if (result.reason) await announceConversation(deps, conv, result.reason);
  return { entry, isNew: true };
}

async function findExisting(deps: Deps, convId: number, fromType: string, fromId: number, msgId: string) {
  const [row] = await deps.db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.channelType, ChannelType.support),
        eq(messages.targetId, convId),
        eq(messages.fromType, fromType),
        eq(messages.fromId, fromId),
        eq(messages.clientMsgId, msgId),
      ),
    )
    .limit(1);
  return row ? toLogEntry(row) : null;
}

async function assertUploadExists(deps: Deps, imageUrl: string) {
  const id = imageUrl.replace(/^\/uploads\//, "");
  const [u] = await deps.db.select({ id: uploads.id }).from(uploads).where(eq(uploads.id, id)).limit(1);
  if (!u) throw new AppError(-7000, "imageUrl does not name an uploaded image");
}

