import { and, eq, ne } from "drizzle-orm";
import { supportConversations } from "../../../db/schema";
import type { Deps } from "../deps";

export async function getOpenConversationId(deps: Deps, visitorId: number): Promise<string | undefined> {
  const [row] = await deps.db
    .select({ id: supportConversations.id })
    .from(supportConversations)
    .where(and(eq(supportConversations.visitorId, visitorId), ne(supportConversations.status, "closed")))
    .limit(1);
  return row ? String(row.id) : undefined;
}
