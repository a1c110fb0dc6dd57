import { z } from "zod";
import { ZId, ZSafeText } from "../../protocol/frames";
import { adjustBalance, createCoin } from "../../services/money/ledger";
import { listSmsOutbox } from "../../services/sms/outbox";
import { revokeUserSessions } from "../../services/user/auth";
import { unbanUser } from "../../services/user/ban";
import { listMembers, listMutes } from "../../services/user/list-members";
import { adminProcedure, router } from "../trpc";
import { ZPage } from "./report";
import { ZMobile } from "./user";

const ZMoney = z.object({
  userId: ZId,
  coin: z.number().int().min(1).max(32767),
  /** an exact decimal string in the coin's units ("12.34"), never a float */
  amount: z.string().max(40),
  reason: ZSafeText.trim().min(1).max(200),
});

export const adminRouter = router({
  /** a member's balance goes up by `amount` (a ledger row with the reason) */
  credit: adminProcedure.input(ZMoney).mutation(({ ctx, input }) => adjustBalance(ctx.deps, ctx.principal, input, "credit")),
  /** …or down; below zero is refused (-1001 "the balance is too low") and writes nothing */
  debit: adminProcedure.input(ZMoney).mutation(({ ctx, input }) => adjustBalance(ctx.deps, ctx.principal, input, "debit")),
  /** a new coin: code (A–Z, 0–9), name, decimal places */
  createCoin: adminProcedure
    .input(z.object({ code: z.string().regex(/^[A-Z][A-Z0-9]{1,15}$/, "2–16 capital letters and digits"), name: ZSafeText.trim().min(1).max(64), decimals: z.number().int().min(0).max(12) }))
    .mutation(({ ctx, input }) => createCoin(ctx.deps, ctx.principal, input)),
  /** end every session of a user now — API tokens and console sign-ins alike; their sockets close with 4001 */
  revokeSessions: adminProcedure
    .input(z.object({ userId: ZId }))
    .mutation(({ ctx, input }) => revokeUserSessions(ctx.deps, Number(input.userId))),
  /** the development SMS outbox, newest first (-3000 when a real provider sends the codes) */
  smsOutbox: adminProcedure
    .input(z.object({ mobile: z.union([z.literal(""), ZMobile]).optional() }).optional())
    .query(({ ctx, input }) => listSmsOutbox(ctx.deps, { mobile: input?.mobile || undefined })),
  /** members by a substring of name, mobile or uid, with their mute and ban now (the muting page) */
  members: adminProcedure
    .input(z.object({ query: ZSafeText.max(64).optional(), ...ZPage }).default({ page: 1, number: 20 }))
    .query(({ ctx, input }) => listMembers(ctx.deps, input)),
  /** every mute in force now: global ones and per chat room */
  mutes: adminProcedure.input(z.object({}).optional()).query(({ ctx }) => listMutes(ctx.deps)),
  /** lift a ban (a report's "ban" action): the account may sign in again */
  unban: adminProcedure.input(z.object({ userId: ZId })).mutation(({ ctx, input }) => unbanUser(ctx.deps, Number(input.userId))),
});
