// A reported message's conversation as one member sees it, asked of the channel registry: may
// a reporter report it (they can read it), and who hears that an admin removed it.
import { eq } from "drizzle-orm";
import { siteAgents, users, type TMessage } from "../../../db/schema";
import "../../channels"; // registers every channel
import { can } from "../../channels/permissions";
import { registeredChannels, type Conversation } from "../../channels/registry";
import type { Deps, MemberPrincipal } from "../deps";

const policyOf = (channelType: number) => registeredChannels().find((c) => c.channelType === channelType);

/** Whether `p` can read this message where it was sent (a chat room's: any member, as long as the room is not deleted). */
export async function canReadMessage(deps: Deps, p: MemberPrincipal, row: TMessage): Promise<boolean> {
  const policy = policyOf(row.channelType);
  if (!policy?.conversationOfStored) return false;
  const conv = await policy.conversationOfStored(deps, p, row.targetId);
  return can(policy.permissions, conv.role, "read");
}

/**
 * The conversation as the first of `userIds` still in it sees it (its sender, else its reporter),
 * so an admin's removal reaches whoever is in it now with the frame a sender's recall sends;
 * null when none of them is (the history shows it recalled all the same).
 */
export async function conversationSeenBy(deps: Deps, row: TMessage, userIds: number[]): Promise<Conversation | null> {
  const policy = policyOf(row.channelType);
  if (!policy?.conversationOfStored) return null;
  for (const userId of userIds) {
    const p = await participant(deps, userId);
    if (!p) continue;
    const conv = await policy.conversationOfStored(deps, p, row.targetId);
    if (conv.role !== null && conv.audiences.length > 0) return conv;
  }
  return null;
}

/** a member as a channel's policy sees them (the sites they serve included) — to name a conversation's audiences, never to authorize a request */
async function participant(deps: Deps, userId: number): Promise<MemberPrincipal | null> {
  const rows = await deps.db
    .select({ id: users.id, nickname: users.nickname, avatar: users.avatar, role: users.role, siteId: siteAgents.siteId, siteRole: siteAgents.role })
    .from(users)
    .leftJoin(siteAgents, eq(siteAgents.userId, users.id))
    .where(eq(users.id, userId));
  const user = rows[0];
  if (!user) return null;
  return {
    kind: "member",
    sessionId: "",
    userId: user.id,
    nickname: user.nickname,
    avatar: user.avatar,
    role: user.role === "admin" ? "admin" : "member",
    agentSites: rows.filter((r) => r.siteId !== null).map((r) => ({ siteId: r.siteId!, role: r.siteRole === "supervisor" ? "supervisor" : "agent" })),
  };
}
