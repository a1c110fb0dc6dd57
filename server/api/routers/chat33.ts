// seed 004 /chat33/*: requests list, search by markId, recall and delete by logId — and mark read
// for every channel (the tRPC twin of ws eventType 44).
import { z } from "zod";
import { ZId, ZSafeText } from "../../protocol/frames";
import { searchByMarkId } from "../../services/friend/friends";
import { applyList } from "../../services/friend/requests";
import { markRead } from "../../services/messages/mark-read";
import { hideMessage, recallMessage } from "../../services/messages/recall";
import { authedProcedure, memberProcedure, router } from "../trpc";

const ZLogRef = z.object({ logId: ZId, type: z.union([z.literal(1), z.literal(2)]) });

export const chat33Router = router({
  applyList: memberProcedure
    .input(z.object({ id: z.union([z.string().regex(/^\d{1,16}-[12]-\d{1,18}$/, "must be the nextId of the previous page"), z.literal("")]).optional(), number: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => applyList(ctx.deps, ctx.principal, { id: input.id || undefined, number: input.number })),
  search: memberProcedure
    .input(z.object({ markId: ZSafeText.trim().regex(/^[0-9]{4,20}$/, "must be a markId (digits)") }))
    .query(({ ctx, input }) => searchByMarkId(ctx.deps, ctx.principal, input)),
  recall: memberProcedure.input(ZLogRef).mutation(({ ctx, input }) => recallMessage(ctx.deps, ctx.principal, input)),
  delete: memberProcedure.input(ZLogRef).mutation(({ ctx, input }) => hideMessage(ctx.deps, ctx.principal, input)),
  markRead: authedProcedure
    .input(z.object({ channelType: z.number().int(), targetId: ZId, logId: ZId.optional() }))
    .mutation(({ ctx, input }) => markRead(ctx.deps, ctx.principal, input)),
});
