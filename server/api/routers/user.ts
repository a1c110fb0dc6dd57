import { z } from "zod";
import { AppError } from "../../errors/app-error";
import { loginShape, pwdLogin, revokeToken } from "../../services/user/auth";
import { memberProcedure, rateLimited, router } from "../trpc";

const ZMobile = z.string().trim().regex(/^\+?[0-9]{5,20}$/, "must be a phone number");

export const userRouter = router({
  /** seed 004 /user/pwdLogin */
  pwdLogin: rateLimited("login", 20)
    .input(z.object({ mobile: ZMobile, password: z.string().min(1).max(200), device: z.string().max(20).optional() }))
    .mutation(({ ctx, input }) => pwdLogin(ctx.deps, input)),
  /** seed 004 /user/tokenLogin: who this token belongs to */
  tokenLogin: memberProcedure.mutation(({ ctx }) => loginShape(ctx.deps, ctx.principal.userId)),
  /** revoke the API token this request carries */
  logout: memberProcedure.mutation(async ({ ctx }) => {
    if (!ctx.bearer) throw new AppError(-1001, "logout revokes the Bearer token; the console signs out through next-auth");
    await revokeToken(ctx.deps, ctx.bearer);
    return {};
  }),
});
