import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { supportConversations } from "../../../db/schema";
import type { Deps, Principal } from "../deps";
import { requireAgent } from "./access";
import { summarize } from "./summaries";

export type ChatListTab = "waiting" | "mine" | "all";

/**
 * seed 002 32000 chat list. Agents see their sites' waiting conversations and their own;
 * supervisors may also list everything on their sites. Only conversations with at least
 * one message show up — a shopper who never wrote is not in anyone's queue.
 */
export async function chatList(deps: Deps, p: Principal, input: { tab: ChatListTab; limit: number }) {
  const agent = requireAgent(p);
  const siteIds = agent.agentSites.map((s) => s.siteId);
  const supervised = agent.agentSites.filter((s) => s.role === "supervisor").map((s) => s.siteId);
  const c = supportConversations;
  const where =
    input.tab === "waiting"
      ? and(inArray(c.siteId, siteIds), eq(c.status, "waiting"))
      : input.tab === "mine"
        ? and(eq(c.agentId, agent.userId), eq(c.status, "open"))
        : and(inArray(c.siteId, supervised.length ? supervised : [-1]));
  const rows = await deps.db
    .select()
    .from(c)
    .where(and(where, isNotNull(c.lastMessageId)))
    .orderBy(desc(c.lastMessageAt))
    .limit(input.limit);
  const [waiting, mine] = await Promise.all([
    deps.db.$count(c, and(inArray(c.siteId, siteIds), eq(c.status, "waiting"), isNotNull(c.lastMessageId))),
    deps.db.$count(c, and(eq(c.agentId, agent.userId), eq(c.status, "open"))),
  ]);
  return { conversations: await summarize(deps.db, rows, "agent"), counts: { waiting, mine } };
}
