import { eq, inArray } from "drizzle-orm";
import { agentStatus, siteAgents, users } from "../../../db/schema";
import { audience } from "../../bus/bus";
import type { Deps, MemberPrincipal, Principal } from "../deps";
import { now } from "../deps";
import { requireAgent } from "./access";

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
  return { status };
}

export async function getAgentStatus(deps: Deps, userId: number): Promise<AgentAvailability> {
  const [row] = await deps.db.select().from(agentStatus).where(eq(agentStatus.userId, userId)).limit(1);
  return (row?.status as AgentAvailability) ?? "offline";
}

/** Event 41 to every agent of the agent's sites: status and whether they are connected anywhere. */
export async function announceAgent(deps: Deps, agent: MemberPrincipal, status?: AgentAvailability) {
  const s = status ?? (await getAgentStatus(deps, agent.userId));
  const connected = (await deps.bus.presence.connected([agent.userId])).has(agent.userId);
  const siteIds = agent.agentSites.map((x) => String(x.siteId));
  await deps.bus.publish({
    audiences: agent.agentSites.map((x) => audience.siteAgents(x.siteId)),
    data: JSON.stringify({ eventType: 41, agentId: String(agent.userId), nickname: agent.nickname, status: s, connected, siteIds }),
  });
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
