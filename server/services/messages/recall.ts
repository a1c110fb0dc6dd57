// seed 004 /chat33/ recall and delete, for every member channel: by logId, with the seed's
// `type` (1 group message, 2 friend message) naming the channel the message must be in.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { messageHides, messages } from "../../../db/schema";
import { audience } from "../../bus/bus";
import { channelPolicy } from "../../channels";
import { can, requireAction } from "../../channels/permissions";
import { channelLogType, LOG_TYPE_CHANNEL, type Conversation } from "../../channels/registry";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import type { Deps, MemberPrincipal } from "../deps";
import { parseId } from "../parse-id";

/** the message and its conversation as the caller sees it; -6000 for a message they cannot see, like a missing one */
async function messageForOrThrow(deps: Deps, p: MemberPrincipal, input: { logId: string; type: number }) {
  const id = parseId(input.logId);
  const channelType = LOG_TYPE_CHANNEL[input.type];
  if (channelType === undefined) throw new AppError(-1001, "type must be 1 (group message) or 2 (friend message)");
  const [row] = await deps.db.select().from(messages).where(eq(messages.id, id)).limit(1);
  if (!row || row.channelType !== channelType) throw new AppError(-6000);
  const policy = channelPolicy(row.channelType);
  if (!policy.conversationOfStored) throw new AppError(-6000);
  const conv = await policy.conversationOfStored(deps, p, row.targetId);
  requireAction(policy.permissions, conv.role, "read");
  return { row, conv, policy };
}

const revokedFrame = (conv: Conversation, logId: number, operateType: 1 | 2, by: MemberPrincipal) =>
  JSON.stringify({
    eventType: 10,
    logType: channelLogType(conv.channelType),
    channelType: conv.channelType,
    targetId: conv.wireId,
    logId: String(logId),
    operateType,
    userName: by.nickname,
    userId: String(by.userId),
  });

/**
 * Recall: the sender's own message within PARLEY_RECALL_WINDOW_MS (roles with recallAny — group
 * owners and admins, later — any message). The content is removed for everyone (history shows
 * "message recalled" from then on) and event 10 tells every member's sockets. -2023 when the
 * message may not be recalled (someone else's, too old). Recalling twice is not an error.
 */
export async function recallMessage(deps: Deps, p: MemberPrincipal, input: { logId: string; type: number }) {
  const { row, conv, policy } = await messageForOrThrow(deps, p, input);
  const isOwn = row.fromType === "member" && row.fromId === p.userId;
  const inTime = clock.now() - row.createdAt <= deps.config.recallWindowMs;
  const allowed = can(policy.permissions, conv.role, "recallAny") || (can(policy.permissions, conv.role, "recallOwn") && isOwn && inTime);
  if (!allowed) throw new AppError(-2023, !isOwn ? "only your own messages can be recalled" : `messages can be recalled for ${Math.round(deps.config.recallWindowMs / 1000)} s after sending`);
  if (await markRecalled(deps.db, row.id, p.userId)) await announceRecall(deps, conv, row.id, p);
  return {};
}

/**
 * report.act "delete": a platform admin takes a message back for everyone, whatever its channel
 * or age (recalled_by = the admin). The write joins the caller's transaction; `announce`, after
 * the commit, sends the event 10 a sender's own recall sends, to the conversation `conv` names
 * (null: nobody we can name is in it any more — history shows it recalled all the same).
 */
export async function recallAsAdmin(tx: DbOrTx, admin: MemberPrincipal, messageId: number, conv: Conversation | null) {
  const recalled = await markRecalled(tx, messageId, admin.userId);
  return {
    recalled,
    announce: async (deps: Deps) => {
      if (recalled && conv && conv.audiences.length > 0) await announceRecall(deps, conv, messageId, admin);
    },
  };
}

/** the content is gone for everyone from now on; false when it was recalled already */
async function markRecalled(db: DbOrTx, messageId: number, by: number): Promise<boolean> {
  const [done] = await db
    .update(messages)
    .set({ recalledAt: clock.now(), recalledBy: by, msg: sql`'{}'::jsonb` })
    .where(and(eq(messages.id, messageId), isNull(messages.recalledAt)))
    .returning({ id: messages.id });
  return !!done;
}

const announceRecall = (deps: Deps, conv: Conversation, logId: number, by: MemberPrincipal) =>
  deps.bus.publish({ audiences: conv.audiences, data: revokedFrame(conv, logId, 1, by) });

/** Delete for me: the message disappears from the caller's history on every device; the others keep it. */
export async function hideMessage(deps: Deps, p: MemberPrincipal, input: { logId: string; type: number }) {
  const { row, conv, policy } = await messageForOrThrow(deps, p, input);
  if (!can(policy.permissions, conv.role, "hide")) throw new AppError(-2023);
  await deps.db.insert(messageHides).values({ userId: p.userId, messageId: row.id, createdAt: clock.now() }).onConflictDoNothing();
  await deps.bus.publish({ audiences: [audience.user(p.userId)], data: revokedFrame(conv, row.id, 2, p) });
  return {};
}
