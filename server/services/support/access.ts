import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { preparedFor } from "../../../db/prepared";
import { supportConversations, type TSupportConversation } from "../../../db/schema";
import { AppError } from "../../errors/app-error";
import type { MemberPrincipal, Principal } from "../deps";

export function agentRoleOn(p: Principal, siteId: number): "agent" | "supervisor" | null {
  if (p.kind !== "member") return null;
  return p.agentSites.find((s) => s.siteId === siteId)?.role ?? null;
}

export function requireAgent(p: Principal): MemberPrincipal {
  if (p.kind !== "member" || p.agentSites.length === 0) throw new AppError(-3002);
  return p;
}

/**
 * The conversation if the caller may see it: its visitor, or an agent of its site.
 * Anything else — someone else's, another site's, or no such id — is the same -6000,
 * so the answer never confirms that a conversation exists.
 */
export async function getConversationForOrThrow(
  db: DbOrTx,
  p: Principal,
  id: number,
  opts: { lock?: boolean } = {},
): Promise<TSupportConversation> {
  const [conv] = opts.lock
    ? await db.select().from(supportConversations).where(eq(supportConversations.id, id)).limit(1).for("update")
    : await conversationById(db).execute({ id });
  if (!conv) throw new AppError(-6000);
  const visible = p.kind === "visitor" ? conv.visitorId === p.visitorId : agentRoleOn(p, conv.siteId) !== null;
  if (!visible) throw new AppError(-6000);
  return conv;
}

/** the unlocked lookup (chatLog, take), prepared once per handle */
const conversationById = (db: DbOrTx) =>
  preparedFor(db, "conversation_by_id", () =>
    db.select().from(supportConversations).where(eq(supportConversations.id, sql.placeholder("id"))).limit(1).prepare("conversation_by_id"),
  );
