import { and, eq } from "drizzle-orm";
import { supportConversations } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import type { Deps, Principal } from "../deps";
import { getConversationForOrThrow, requireAgent } from "./access";
import { parseId } from "../parse-id";
import { announceConversation, summarize } from "./summaries";

/**
 * An agent takes a waiting conversation. One conditional UPDATE decides the race: when two
 * agents take it at once exactly one row changes; the other agent gets -2010.
 */
export async function takeConversation(deps: Deps, p: Principal, input: { id: string }) {
  const agent = requireAgent(p);
  const convId = parseId(input.id);
  const conv = await getConversationForOrThrow(deps.db, agent, convId);
  if (conv.status === "closed") throw new AppError(-6000, "this conversation is closed");
  const [taken] = await deps.db
    .update(supportConversations)
    .set({ status: "open", agentId: agent.userId })
    .where(and(eq(supportConversations.id, convId), eq(supportConversations.status, "waiting")))
    .returning();
  if (!taken) {
    if (conv.agentId === agent.userId) return { conversation: (await summarize(deps.db, [conv], "agent"))[0] };
    throw new AppError(-2010);
  }
  return { conversation: await announceConversation(deps, taken, "taken") };
}
