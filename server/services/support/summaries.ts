import { inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { messages, sites, users, visitors, type TSupportConversation } from "../../../db/schema";
import type { ConversationSummary } from "../../protocol/frames";
import { audience } from "../../bus/bus";
import type { Deps } from "../deps";
import { toLogEntry } from "../messages/log-entry";

/** Inbox rows for conversations, as the agent side (or the visitor side) sees them. */
export async function summarize(
  db: DbOrTx,
  convs: TSupportConversation[],
  side: "agent" | "visitor",
): Promise<ConversationSummary[]> {
  if (convs.length === 0) return [];
  const uniq = <T,>(xs: T[]) => [...new Set(xs)];
  const visitorIds = uniq(convs.map((c) => c.visitorId));
  const agentIds = uniq(convs.map((c) => c.agentId).filter((x): x is number => x !== null));
  const siteIds = uniq(convs.map((c) => c.siteId));
  const lastIds = convs.map((c) => c.lastMessageId).filter((x): x is number => x !== null);
  const [vs, as, ss, ms] = await Promise.all([
    db.select().from(visitors).where(inArray(visitors.id, visitorIds)),
    agentIds.length
      ? db.select({ id: users.id, nickname: users.nickname }).from(users).where(inArray(users.id, agentIds))
      : Promise.resolve([]),
    db.select({ id: sites.id, name: sites.name }).from(sites).where(inArray(sites.id, siteIds)),
    lastIds.length ? db.select().from(messages).where(inArray(messages.id, lastIds)) : Promise.resolve([]),
  ]);
  const byId = <T extends { id: number }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
  const V = byId(vs), A = byId(as), S = byId(ss), M = byId(ms);
  return convs.map((c) => {
    const v = V.get(c.visitorId);
    const last = c.lastMessageId ? M.get(c.lastMessageId) : undefined;
    return {
      id: String(c.id),
      siteId: String(c.siteId),
      siteName: S.get(c.siteId)?.name ?? "",
      status: c.status as ConversationSummary["status"],
      agentId: c.agentId ? String(c.agentId) : null,
      agentName: c.agentId ? (A.get(c.agentId)?.nickname ?? null) : null,
      visitor: { id: String(c.visitorId), name: visitorDisplayName(v?.name, c.visitorId), customerId: v?.customerId ?? null },
      lastLog: last ? toLogEntry(last) : null,
      unread: side === "agent" ? c.agentUnread : c.visitorUnread,
      agentReadId: String(c.agentReadId),
      visitorReadId: String(c.visitorReadId),
      createdAt: c.createdAt,
      updatedAt: c.lastMessageAt ?? c.createdAt,
    };
  });
}

export function visitorDisplayName(name: string | undefined | null, visitorId: number): string {
  return name && name.trim() ? name : `Visitor #${visitorId}`;
}

/**
 * Who hears about a conversation live: its visitor, its agent — or every agent of the site
 * while it waits — and the site's supervisors (the gateway sends each socket one copy).
 */
export function conversationAudiences(conv: Pick<TSupportConversation, "visitorId" | "agentId" | "siteId">): string[] {
  return [
    audience.visitor(conv.visitorId),
    conv.agentId ? audience.user(conv.agentId) : audience.siteAgents(conv.siteId),
    audience.siteSupervisors(conv.siteId),
  ];
}

/** Event 40 to the site's agents and the visitor: the conversation appeared or changed hands. */
export async function announceConversation(deps: Deps, conv: TSupportConversation, reason: "created" | "assigned" | "taken") {
  const [summary] = await summarize(deps.db, [conv], "agent");
  await deps.bus.publish({
    audiences: [audience.siteAgents(conv.siteId), audience.visitor(conv.visitorId)],
    data: JSON.stringify({ eventType: 40, conversation: summary, reason }),
  });
  return summary;
}
