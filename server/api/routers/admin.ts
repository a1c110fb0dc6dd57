import { z } from "zod";
import { ZId } from "../../protocol/frames";
import { listSmsOutbox } from "../../services/sms/outbox";
import { revokeUserSessions } from "../../services/user/auth";
import { adminProcedure, router } from "../trpc";
import { ZMobile } from "./user";

export const adminRouter = router({
  /** end every session of a user now — API tokens and console sign-ins alike; their sockets close with 4001 */
  revokeSessions: adminProcedure
    .input(z.object({ userId: ZId }))
    .mutation(({ ctx, input }) => revokeUserSessions(ctx.deps, Number(input.userId))),
  /** the development SMS outbox, newest first (-3000 when a real provider sends the codes) */
  smsOutbox: adminProcedure
    .input(z.object({ mobile: z.union([z.literal(""), ZMobile]).optional() }).optional())
    .query(({ ctx, input }) => listSmsOutbox(ctx.deps, { mobile: input?.mobile || undefined })),
});
