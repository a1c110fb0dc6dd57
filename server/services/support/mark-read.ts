import { and, count, eq, gt, ne } from "drizzle-orm";
import { messages, supportConversations } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import { ChannelType } from "../../protocol/frames";
import type { Deps, Principal } from "../deps";
import { getConversationForOrThrow } from "./access";
import { parseId } from "../parse-id";
import { conversationAudiences } from "./summaries";

/**
 * seed 002 32200 mark read. Moves the caller's side's read pointer to `logId` (default: the
 * latest message), recounts that side's unread, and tells both sides (event 44) so other
 * tabs clear their badges and the other side can show "read".
 * The agent side's pointer is the assigned agent's: another agent of the site (a supervisor
 * too) gets -2010 and nothing moves; while the conversation waits, any agent of the site may.
 */
export async function markRead(deps: Deps, p: Principal, input: { id: string; logId?: string }) {
  const convId = parseId(input.id);
  const side = p.kind === "visitor" ? "visitor" : "agent";
  const res = await deps.db.transaction(async (tx) => {
    const conv = await getConversationForOrThrow(tx, p, convId, { lock: true });
    if (p.kind === "member" && conv.status !== "waiting" && conv.agentId !== null && conv.agentId !== p.userId) {
      throw new AppError(-2010, "only the agent serving this conversation marks it read");
    }
    const target = input.logId ? Math.min(parseId(input.logId), conv.lastMessageId ?? 0) : (conv.lastMessageId ?? 0);
    const current = side === "agent" ? conv.agentReadId : conv.visitorReadId;
    const readId = Math.max(current, target);
    // unread for this side = messages from the other side after the read pointer
    const [{ n }] = await tx
      .select({ n: count() })
      .from(messages)
      .where(
        and(
          eq(messages.channelType, ChannelType.support),
          eq(messages.targetId, convId),
          gt(messages.id, readId),
          side === "agent" ? eq(messages.fromType, "visitor") : ne(messages.fromType, "visitor"),
        ),
      );
    await tx
      .update(supportConversations)
      .set(side === "agent" ? { agentReadId: readId, agentUnread: n } : { visitorReadId: readId, visitorUnread: n })
      .where(eq(supportConversations.id, convId));
    return { conv, readId, unread: n };
  });
  const { conv } = res;
  await deps.bus.publish({
    audiences: conversationAudiences(conv),
    data: JSON.stringify({ eventType: 44, channelType: 4, targetId: String(convId), reader: side, logId: String(res.readId) }),
  });
  return { id: String(convId), logId: String(res.readId), unread: res.unread };
}
