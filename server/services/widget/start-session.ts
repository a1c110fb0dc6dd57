import { and, eq, isNull, ne } from "drizzle-orm";
import { supportConversations, visitorSessions, visitors } from "../../../db/schema";
import type { DbOrTx } from "../../../db/client";
import { newToken, sha256 } from "../../crypto";
import { AppError } from "../../errors/app-error";
import { resolveBearer } from "../user/auth";
import { closeSessions, SessionEnd, sessionRowId } from "../user/sessions";
import type { Deps, VisitorPrincipal } from "../deps";
import { now } from "../deps";
import { verifyIdentity, type TIdentity } from "./identity";
import { getSiteByKeyOrThrow, publicSiteConfig } from "./site";
import { pickAgent } from "../support/routing";
import { servingAgent } from "../support/agent-status";

export interface StartSessionInput {
  siteKey: string;
  visitorId?: string;
  identity?: TIdentity;
  /** the widget's current visitor token, if it has one (Authorization: Bearer) */
  bearer?: string;
}

/**
 * widget.session: find or make the visitor and their open conversation.
 * - a valid visitor token resumes that visitor (its `visitorId`, if sent, must match);
 * - a verified identity binds the visitor to the shop's customer id: the first time it
 *   adopts the anonymous visitor (keeping their history), later from any browser it
 *   resumes the customer's own visitor;
 * - otherwise a new anonymous visitor, unless the site requires identity (-2008).
 */
export async function startWidgetSession(deps: Deps, input: StartSessionInput) {
  const site = await getSiteByKeyOrThrow(deps, input.siteKey);
  if (input.identity) verifyIdentity(site.secret, input.identity, deps.config.identityMaxAgeMs);

  let current: VisitorPrincipal | null = null;
  if (input.bearer) {
    const p = await resolveBearer(deps, input.bearer);
    if (p?.kind === "visitor" && p.siteId === site.id) current = p;
  }
  if (input.visitorId && (!current || String(current.visitorId) !== input.visitorId)) {
    throw new AppError(-1003, "visitorId does not belong to this visitor token");
  }
  if (site.requireIdentity && !input.identity && !current?.customerId) {
    throw new AppError(-2008, "this shop asks you to sign in before chatting");
  }

  const session = await deps.db.transaction(async (tx) => {
    const t = now();
    let visitorId: number;
    let token = current ? input.bearer! : null;
    if (input.identity) {
      const { customerId, name } = input.identity;
      const [owner] = await tx
        .select()
        .from(visitors)
        .where(and(eq(visitors.siteId, site.id), eq(visitors.customerId, customerId)))
        .limit(1);
      if (owner) {
        visitorId = owner.id;
        if (name && name !== owner.name) await tx.update(visitors).set({ name }).where(eq(visitors.id, owner.id));
        if (current && current.visitorId !== owner.id) token = null; // a different person now: new session
      } else if (current && !current.customerId) {
        visitorId = current.visitorId;
        await tx.update(visitors).set({ customerId, name: name || current.name }).where(eq(visitors.id, current.visitorId));
      } else {
        visitorId = await insertVisitor(tx, site.id, name, customerId, t);
        token = null;
      }
    } else if (current) {
      visitorId = current.visitorId;
    } else {
      visitorId = await insertVisitor(tx, site.id, "", null, t);
    }
    const expiresAt = t + deps.config.visitorSessionTtlMs;
    if (!token) {
      token = newToken("pv");
      await tx.insert(visitorSessions).values({ visitorId, tokenHash: sha256(token), createdAt: t, expiresAt });
    } else {
      // resuming pushes the expiry on: a shopper who comes back keeps their conversation
      await tx.update(visitorSessions).set({ expiresAt }).where(eq(visitorSessions.tokenHash, sha256(token)));
    }
    await tx.update(visitors).set({ lastSeenAt: t }).where(eq(visitors.id, visitorId));
    const conversation = await findOrOpenConversation(tx, site.id, visitorId, t);
    const conversationId = conversation.id;
    return {
      visitorToken: token,
      visitorId: String(visitorId),
      conversationId: String(conversationId),
      site: publicSiteConfig(site),
      /** could a message be routed to an agent right now? false → the widget says "leave a message" */
      agentsAvailable: (await pickAgent(tx, deps.bus.presence, site.id)) !== null,
      agentId: conversation.agentId,
    };
  });
  const { agentId, ...rest } = session;
  /** who serves this conversation and whether they are there (live updates: event 41) */
  return { ...rest, agent: await servingAgent(deps, agentId) };
}

async function insertVisitor(tx: DbOrTx, siteId: number, name: string, customerId: string | null, t: number) {
  const [v] = await tx
    .insert(visitors)
    .values({ siteId, name: name || "", customerId, createdAt: t, lastSeenAt: t })
    .returning({ id: visitors.id });
  return v.id;
}

async function findOrOpenConversation(tx: DbOrTx, siteId: number, visitorId: number, t: number) {
  const open = () =>
    tx
      .select({ id: supportConversations.id, agentId: supportConversations.agentId })
      .from(supportConversations)
      .where(and(eq(supportConversations.visitorId, visitorId), ne(supportConversations.status, "closed")))
      .limit(1);
  const [existing] = await open();
  if (existing) return existing;
  // the partial unique index makes a concurrent second session of the same visitor a no-op
  const [created] = await tx
    .insert(supportConversations)
    .values({ siteId, visitorId, status: "waiting", createdAt: t })
    .onConflictDoNothing()
    .returning({ id: supportConversations.id, agentId: supportConversations.agentId });
  if (created) return created;
  const [again] = await open();
  return again;
}

/**
 * widget.endSession (the shop's `identify(null)` on a shared browser): this visitor token stops
 * working and its sockets close on every process. The visitor and their history stay.
 */
export async function endVisitorSession(deps: Deps, p: VisitorPrincipal) {
  await deps.db
    .update(visitorSessions)
    .set({ revokedAt: now() })
    .where(and(eq(visitorSessions.id, sessionRowId(p.sessionId)), isNull(visitorSessions.revokedAt)));
  await closeSessions(deps, [p.sessionId], SessionEnd.signedOut);
  return {};
}
