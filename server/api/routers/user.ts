import { z } from "zod";
import { AppError } from "../../errors/app-error";
import { ZId, ZSafeText } from "../../protocol/frames";
import { sendSmsCode, takeCodeGuessToken } from "../../services/sms/codes";
import { loginShape, logout, pwdLogin } from "../../services/user/auth";
import { deviceOf } from "../../services/user/device";
import { AVATAR_URL, editAvatar, editNickname, isRegistered, userInfo } from "../../services/user/profile";
import { muteUser } from "../../services/user/mute";
import { setPassword } from "../../services/user/set-password";
import { smsLogin } from "../../services/user/sms-login";
import { adminProcedure, loginProcedure, memberProcedure, publicProcedure, rateLimited, router } from "../trpc";

export const ZMobile = ZSafeText.trim().regex(/^\+?[0-9]{5,20}$/, "must be a phone number");
/** the seed's device type (android | ios | pc | web, any case); FZM-DEVICE when absent */
const ZDevice = ZSafeText.max(20).optional();
/** a guess is checked by the service (a wrong one counts an attempt); this only bounds its size */
export const ZCode = ZSafeText.trim().min(1).max(12);

/** isreg tells whether a number has an account: a few lookups a minute per address, not a directory. */
const ISREG_PER_MINUTE = 10;

/** Procedures that check an SMS code: the per-address code-guess budget (sms/codes.ts). */
export const codeGuessProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!takeCodeGuessToken(ctx.ip)) throw new AppError(-1012, "too many code attempts from this address; wait a minute");
  return next();
});

export const userRouter = router({
  /** seed 004 /send/sms: a 6-digit sign-in code for this number */
  sendSms: publicProcedure
    .input(z.object({ mobile: ZMobile }))
    .mutation(({ ctx, input }) => sendSmsCode(ctx.deps, { mobile: input.mobile, ip: ctx.ip, locale: ctx.locale })),
  /** seed 004 /user/smsLogin: sign in (or sign up) with a code from sendSms */
  smsLogin: codeGuessProcedure
    .input(z.object({ mobile: ZMobile, code: ZCode, device: ZDevice }))
    .mutation(({ ctx, input }) =>
      smsLogin(ctx.deps, { mobile: input.mobile, code: input.code, device: deviceOf(input, ctx.device), locale: ctx.locale }),
    ),
  /** seed 004 /user/pwdLogin */
  pwdLogin: loginProcedure
    .input(z.object({ mobile: ZMobile, password: ZSafeText.min(1).max(200), device: ZDevice }))
    .mutation(({ ctx, input }) => pwdLogin(ctx.deps, { mobile: input.mobile, password: input.password, device: deviceOf(input, ctx.device) })),
  /** seed 004 /user/tokenLogin: who this token belongs to */
  tokenLogin: memberProcedure.mutation(({ ctx }) => loginShape(ctx.deps, ctx.principal.userId)),
  /** set or change the password: directly when the account has none, else with oldPassword or an SMS code */
  setPassword: memberProcedure
    .input(z.object({ password: ZSafeText.min(8).max(200), oldPassword: ZSafeText.max(200).optional(), code: ZCode.optional() }))
    .mutation(({ ctx, input }) => setPassword(ctx.deps, ctx.principal, input, ctx.ip)),
  /** seed 004 /user/isreg: the number's markId, or "0" */
  isreg: rateLimited("isreg", ISREG_PER_MINUTE)
    .input(z.object({ mobile: ZMobile }))
    .mutation(({ ctx, input }) => isRegistered(ctx.deps, input.mobile)),
  /** seed 004 /user/userInfo: friend-only fields for friends, admin-only fields for admins and oneself */
  userInfo: memberProcedure.input(z.object({ id: ZId })).mutation(({ ctx, input }) => userInfo(ctx.deps, ctx.principal, Number(input.id))),
  /** seed 004 /user/editAvatar: an image this member uploaded */
  editAvatar: memberProcedure
    .input(z.object({ avatar: z.string().regex(AVATAR_URL, "must be /uploads/<id> of an image you uploaded") }))
    .mutation(({ ctx, input }) => editAvatar(ctx.deps, ctx.principal, input.avatar)),
  /** seed 004 /user/editNickname */
  editNickname: memberProcedure
    .input(z.object({ nickname: ZSafeText.trim().min(1).max(32) }))
    .mutation(({ ctx, input }) => editNickname(ctx.deps, ctx.principal, input.nickname)),
  /** seed /user/muted (admins): mute a member everywhere for muted_time ms (0 lifts it; at most a year) */
  muted: adminProcedure
    .input(z.object({ id: ZId, muted_time: z.number().int().min(0).max(365 * 24 * 60 * 60_000) }))
    .mutation(({ ctx, input }) => muteUser(ctx.deps, ctx.principal, input)),
  /** end the session this request came with: its token stops working and its sockets close (4001) on every process */
  logout: memberProcedure.mutation(({ ctx }) => logout(ctx.deps, ctx.principal)),
});
