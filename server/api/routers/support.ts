import { z } from "zod";
import { chatList } from "../../services/support/chat-list";
import { chatLog } from "../../services/support/chat-log";
import { markRead } from "../../services/support/mark-read";
import { takeConversation } from "../../services/support/take-conversation";
import { getAgentStatus, onlineAgents, setAgentStatus } from "../../services/support/agent-status";
import { agentProcedure, authedProcedure, router } from "../trpc";
import { ZChatLogPaging } from "./friend";
import { ZId } from "../../protocol/frames";


export const supportRouter = router({
  /** seed 002 32000 — the agent's inbox */
  chatList: agentProcedure
    .input(z.object({ tab: z.enum(["waiting", "mine", "all"]).default("mine"), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => chatList(ctx.deps, ctx.principal, input)),
  /** seed 002 32100 / seed 004 chatLog — visitor (own conversation) or agent */
  chatLog: authedProcedure
    .input(z.object({ id: ZId }).and(ZChatLogPaging))
    .query(({ ctx, input }) => chatLog(ctx.deps, ctx.principal, input)),
  /** seed 002 32200 */
  markRead: authedProcedure
    .input(z.object({ id: ZId, logId: ZId.optional() }))
    .mutation(({ ctx, input }) => markRead(ctx.deps, ctx.principal, input)),
  take: agentProcedure.input(z.object({ id: ZId })).mutation(({ ctx, input }) => takeConversation(ctx.deps, ctx.principal, input)),
  /** seed 002 32500 */
  setStatus: agentProcedure
    .input(z.object({ status: z.enum(["online", "away", "offline"]) }))
    .mutation(({ ctx, input }) => setAgentStatus(ctx.deps, ctx.principal, input.status)),
  me: agentProcedure.query(async ({ ctx }) => ({
    id: String(ctx.principal.userId),
    nickname: ctx.principal.nickname,
    avatar: ctx.principal.avatar,
    status: await getAgentStatus(ctx.deps, ctx.principal.userId),
    sites: ctx.principal.agentSites.map((s) => ({ siteId: String(s.siteId), role: s.role })),
  })),
  /** seed 002 33000 */
  onlineAgents: agentProcedure.query(({ ctx }) => onlineAgents(ctx.deps, ctx.principal)),
});
