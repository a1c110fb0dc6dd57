import { z } from "zod";
import { ZSafeText } from "../../protocol/frames";
import { loginShape, logout, pwdLogin } from "../../services/user/auth";
import { loginProcedure, memberProcedure, router } from "../trpc";

const ZMobile = ZSafeText.trim().regex(/^\+?[0-9]{5,20}$/, "must be a phone number");

export const userRouter = router({
  /** seed 004 /user/pwdLogin */
  pwdLogin: loginProcedure
    .input(z.object({ mobile: ZMobile, password: ZSafeText.min(1).max(200), device: ZSafeText.max(20).optional() }))
    .mutation(({ ctx, input }) => pwdLogin(ctx.deps, input)),
  /** seed 004 /user/tokenLogin: who this token belongs to */
  tokenLogin: memberProcedure.mutation(({ ctx }) => loginShape(ctx.deps, ctx.principal.userId)),
  /** end the session this request came with: its token stops working and its sockets close (4001) on every process */
  logout: memberProcedure.mutation(({ ctx }) => logout(ctx.deps, ctx.principal)),
});
