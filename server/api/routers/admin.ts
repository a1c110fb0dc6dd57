import { z } from "zod";
import { revokeUserSessions } from "../../services/user/auth";
import { adminProcedure, router } from "../trpc";

export const adminRouter = router({
  /** end every session of a user now — API tokens and console sign-ins alike; their sockets close with 4001 */
  revokeSessions: adminProcedure
    .input(z.object({ userId: z.string().regex(/^[1-9][0-9]{0,17}$/, "must be a numeric id") }))
    .mutation(({ ctx, input }) => revokeUserSessions(ctx.deps, Number(input.userId))),
});
