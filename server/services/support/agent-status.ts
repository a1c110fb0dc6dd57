import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { agentStatus, siteAgents, supportConversations, users } from "../../../db/schema";
import { audience } from "../../bus/bus";
import type { Deps, MemberPrincipal, Principal } from "../deps";
import { now } from "../deps";
import { requireAgent } from "./access";
import { announceConversation } from "./summaries";

export type AgentAvailability = "online" | "away" | "offline";

/** seed 002 32500 suspend/resume, widened to online / away / offline. Seen by every process. */
export async function setAgentStatus(deps: Deps, p: Principal, status: AgentAvailability) {
  const agent = requireAgent(p);
  const t = now();
  await deps.db
    .insert(agentStatus)
    .values({ userId: agent.userId, status, updatedAt: t })
    .onConflictDoUpdate({ target: agentStatus.userId, set: { status, updatedAt: t } });
  await announceAgent(deps, agent, status);
  const assigned = status === "online" ? await takeFromQueue(deps, agent) : 0;
  return { status, assigned };
}

/**
 * An agent who comes online (and is connected) takes the oldest waiting conversations of
 * their sites, up to their free capacity — the queue does not wait for someone to click Take.
 * Each one is a conditional UPDATE, so a conversation another agent just took is skipped.
 */
async function takeFromQueue(deps: Deps, agent: MemberPrincipal): Promise<number> {
  const live = await deps.bus.presence.connected([agent.userId]);
  if (!live.has(agent.userId)) return 0;
  const c = supportConversations;
  let assigned = 0;
  for (const { siteId } of agent.agentSites) {
    const [seat] = await deps.db
      .select({ capacity: siteAgents.capacity })
      .from(siteAgents)
      .where(and(eq(siteAgents.siteId, siteId), eq(siteAgents.userId, agent.userId)));
    const open = await deps.db.$count(c, and(eq(c.agentId, agent.userId), eq(c.status, "open")));
    const free = (seat?.capacity ?? 0) - open;
    if (free <= 0) continue;
    const waiting = await deps.db
      .select({ id: c.id })
      .from(c)
      .where(and(eq(c.siteId, siteId), eq(c.status, "waiting"), isNotNull(c.lastMessageId)))
      .orderBy(asc(c.lastMessageAt))
      .limit(free);
    for (const { id } of waiting) {
      const [taken] = await deps.db
        .update(c)
        .set({ status: "open", agentId: agent.userId })
        .where(and(eq(c.id, id), eq(c.status, "waiting")))
        .returning();
      if (!taken) continue;
      assigned++;
      await announceConversation(deps, taken, "assigned");
    }
  }
  return assigned;
}

export async function getAgentStatus(deps: Deps, userId: number): Promise<AgentAvailability> {
  const [row] = await deps.db.select().from(agentStatus).where(eq(agentStatus.userId, userId)).limit(1);
  return (row?.status as AgentAvailability) ?? "offline";
}

/** A socket of an agent opened: tell their colleagues, and if they are online, hand them the queue. */
export async function agentConnected(deps: Deps, agent: MemberPrincipal) {
  const status = await getAgentStatus(deps, agent.userId);
  await announceAgent(deps, agent, status);
  if (status === "online") await takeFromQueue(deps, agent);
}

/**
 * Event 41 to every agent of the agent's sites (status, whether connected anywhere, their
 * sites), and the same news without the sites to the shoppers this agent is serving, so the
 * widget's header can say "away" or "offline" honestly.
 */
export async function announceAgent(deps: Deps, agent: MemberPrincipal, status?: AgentAvailability) {
  const [s, live, served] = await Promise.all([
    status ?? getAgentStatus(deps, agent.userId),
    deps.bus.presence.connected([agent.userId]),
    deps.db
      .select({ visitorId: supportConversations.visitorId })
      .from(supportConversations)
      .where(and(eq(supportConversations.agentId, agent.userId), eq(supportConversations.status, "open"))),
  ]);
  const presence = { eventType: 41, agentId: String(agent.userId), nickname: agent.nickname, status: s, connected: live.has(agent.userId) };
  const siteIds = agent.agentSites.map((x) => String(x.siteId));
  await deps.bus.publish({
    audiences: agent.agentSites.map((x) => audience.siteAgents(x.siteId)),
    data: JSON.stringify({ ...presence, siteIds }),
  });
  if (served.length) {
    await deps.bus.publish({ audiences: [...new Set(served.map((c) => audience.visitor(c.visitorId)))], data: JSON.stringify(presence) });
  }
}

/** The agent serving a conversation as its shopper sees them (widget.session), or null while it waits. */
export async function servingAgent(deps: Deps, agentId: number | null) {
  if (agentId === null) return null;
  const [row] = await deps.db
    .select({ nickname: users.nickname, status: agentStatus.status })
    .from(users)
    .leftJoin(agentStatus, eq(agentStatus.userId, users.id))
    .where(eq(users.id, agentId))
    .limit(1);
  if (!row) return null;
  const connected = (await deps.bus.presence.connected([agentId])).has(agentId);
  return { id: String(agentId), name: row.nickname, status: (row.status as AgentAvailability | null) ?? "offline", connected };
}

/** seed 002 33000 online agents: the agents of the caller's sites, their status and presence. */
export async function onlineAgents(deps: Deps, p: Principal) {
  const agent = requireAgent(p);
  const siteIds = agent.agentSites.map((s) => s.siteId);
  const rows = await deps.db
    .select({ userId: siteAgents.userId, siteId: siteAgents.siteId, nickname: users.nickname, status: agentStatus.status })
    .from(siteAgents)
    .innerJoin(users, eq(users.id, siteAgents.userId))
    .leftJoin(agentStatus, eq(agentStatus.userId, siteAgents.userId))
    .where(inArray(siteAgents.siteId, siteIds));
  const live = await deps.bus.presence.connected([...new Set(rows.map((r) => r.userId))]);
  const byUser = new Map<number, { agentId: string; nickname: string; status: AgentAvailability; connected: boolean; siteIds: string[] }>();
  for (const r of rows) {
    const e = byUser.get(r.userId) ?? {
      agentId: String(r.userId),
      nickname: r.nickname,
      status: (r.status as AgentAvailability) ?? "offline",
      connected: live.has(r.userId),
      siteIds: [],
    };
    e.siteIds.push(String(r.siteId));
    byUser.set(r.userId, e);
  }
  return { agents: [...byUser.values()] };
}
