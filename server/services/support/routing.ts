import { and, count, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { agentStatus, siteAgents, supportConversations } from "../../../db/schema";
import type { Presence } from "../../bus/bus";

/**
 * The least busy agent of a site who chose "online", is connected somewhere right now and
 * has room under their capacity; null when nobody qualifies (the conversation waits).
 */
export async function pickAgent(db: DbOrTx, presence: Presence, siteId: number): Promise<number | null> {
  const rows = await db
    .select({
      userId: siteAgents.userId,
      capacity: siteAgents.capacity,
      open: count(supportConversations.id),
    })
    .from(siteAgents)
    .innerJoin(agentStatus, and(eq(agentStatus.userId, siteAgents.userId), eq(agentStatus.status, "online")))
    .leftJoin(
      supportConversations,
      and(eq(supportConversations.agentId, siteAgents.userId), eq(supportConversations.status, "open")),
    )
    .where(eq(siteAgents.siteId, siteId))
    .groupBy(siteAgents.userId, siteAgents.capacity)
    .orderBy(sql`count(${supportConversations.id})`, siteAgents.userId);
  if (rows.length === 0) return null;
  const live = await presence.connected(rows.map((r) => r.userId));
  const pick = rows.find((r) => live.has(r.userId) && Number(r.open) < r.capacity);
  return pick?.userId ?? null;
}
