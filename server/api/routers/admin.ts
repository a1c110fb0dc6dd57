import { z } from "zod";
import { ZId, ZSafeText } from "../../protocol/frames";
import { adjustBalance, coinTotals, createCoin, listBalances, memberLedger } from "../../services/money/ledger";
import { listPackets, packetInfo } from "../../services/money/packet-records";
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
  /** who holds what, largest first (one coin or all; a member by uid, mobile or name) */
  balances: adminProcedure
    .input(z.object({ coin: z.number().int().min(1).max(32767).optional(), query: ZSafeText.max(64).optional(), ...ZPage }).default({ page: 1, number: 20 }))
    .query(({ ctx, input }) => listBalances(ctx.deps.db, { coin: input.coin, q: input.query, limit: input.number, offset: (input.page - 1) * input.number })),
  /** one member's ledger, newest first, and their balances */
  ledger: adminProcedure
    .input(z.object({ userId: ZId, coin: z.number().int().min(1).max(32767).optional(), beforeId: z.number().int().min(1).optional(), number: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => memberLedger(ctx.deps.db, { userId: input.userId, coin: input.coin, beforeId: input.beforeId, limit: input.number })),
  /** per coin: balances, credits, debits, packets sent / claimed / refunded / still out, and whether it reconciles */
  coinTotals: adminProcedure.query(({ ctx }) => coinTotals(ctx.deps.db)),
  /** red packets, newest first (one sender's, or everyone's) */
  packets: adminProcedure
    .input(z.object({ senderId: ZId.optional(), before: z.number().int().min(1).optional(), number: z.number().int().min(1).max(100).default(30) }).default({ number: 30 }))
    .query(({ ctx, input }) => listPackets(ctx.deps, { senderId: input.senderId, before: input.before, limit: input.number })),
  /** one packet with every claim and its refund */
  packet: adminProcedure.input(z.object({ packetId: z.string().max(64) })).query(({ ctx, input }) => packetInfo(ctx.deps, input, null)),
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
