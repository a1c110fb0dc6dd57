// seed 004 红包接口类 (/red-packet/*; Parley's `redPacket` domain): balances on the ledger, sending
// (the seed has no endpoint for it), claiming signed in and by link, records, one packet's
// detail. Amounts are exact decimal strings here; the compat door gives the seed's numbers.
import { z } from "zod";
import { ZSafeText } from "../../protocol/frames";
import { enterByLink, receiveByLink, receiveEntry, registerByLink } from "../../services/money/claim-packet";
import { balancesOf, listCoins } from "../../services/money/ledger";
import { packetInfo, packetRecord, receiveRecord, sendRecord } from "../../services/money/packet-records";
import { sendPacket } from "../../services/money/send-packet";
import { memberDoor, memberProcedure, publicProcedure, rateLimited, router } from "../trpc";
import { codeGuessProcedure, ZCode, ZMobile } from "./user";

const ZPacketId = z.object({ packet_id: z.string().max(64) });
const ZMark = z.string().max(64);
const ZRecord = z.object({
  date: z.string().max(7),
  coin: z.number().int().min(1).max(32767).optional(),
  /** minutes east of UTC of the caller's calendar (480 for Beijing); default UTC */
  tzOffsetMinutes: z.number().int().min(-840).max(840).optional(),
});
/** per-IP grabs a minute by link (each holds a share for a while): someone opening links, not a drain */
const PACKET_GRABS_PER_IP_PER_MINUTE = 20;

export const redPacketRouter = router({
  /** seed /red-packet/balance: every coin and what I hold of it */
  balance: memberProcedure.query(({ ctx }) => balancesOf(ctx.deps, ctx.principal.userId)),
  /** the coins there are (code, name, decimal places) */
  coins: publicProcedure.query(async ({ ctx }) => ({
    coins: (await listCoins(ctx.deps.db)).map((c) => ({ coin: c.id, code: c.code, name: c.name, decimals: c.decimals })),
  })),
  /** send a red packet into a friend chat (3), group (2) or chat room (1): debit, shares and the msgType 4 message in one transaction */
  send: memberProcedure
    .input(
      z.object({
        msgId: z.string().min(1).max(64).optional(),
        channelType: z.number().int(),
        targetId: z.string().max(20),
        coin: z.number().int().min(1).max(32767),
        type: z.number().int(),
        count: z.number().int().min(-1).max(1_000_000),
        total: z.string().max(40),
        greeting: ZSafeText.trim().max(60).optional(),
        newMembersOnly: z.boolean().optional(),
      }),
    )
    .mutation(({ ctx, input }) => sendPacket(ctx.deps, ctx.principal, input)),
  /** seed /red-packet/receive-entry: a signed-in member claims a share */
  receiveEntry: memberDoor(ZPacketId, (ctx, input) => receiveEntry(ctx.deps, ctx.principal, input)),
  /** seed /red-packet/receive: anyone with the link grabs a share (its mark), held for entry */
  receive: rateLimited("packet-grab", PACKET_GRABS_PER_IP_PER_MINUTE)
    .input(ZPacketId)
    .mutation(({ ctx, input }) => receiveByLink(ctx.deps, input)),
  /** seed /red-packet/entry: the grabbed share to the account of a phone number, or "register first" (recv_type 2) */
  entry: rateLimited("packet-entry", PACKET_GRABS_PER_IP_PER_MINUTE)
    .input(z.object({ mark: ZMark, account: ZMobile }))
    .mutation(({ ctx, input }) => enterByLink(ctx.deps, input)),
  /** seed /red-packet/register-entry: a new account with the SMS code, and the share in it */
  registerEntry: codeGuessProcedure
    .input(z.object({ mark: ZMark, account: ZMobile, password: ZSafeText.min(8).max(200), captcha: ZCode, nickname: ZSafeText.trim().max(30).optional() }))
    .mutation(({ ctx, input }) => registerByLink(ctx.deps, input)),
  /** one packet: terms, what is left, every claim, best luck, mine (anyone with its id: the link is the capability) */
  info: publicProcedure
    .input(z.object({ packetId: z.string().max(64) }))
    .query(({ ctx, input }) => packetInfo(ctx.deps, input, ctx.principal?.kind === "member" ? ctx.principal.userId : null)),
  /** seed /red-packet/record: received and sent in a month or year, with totals */
  record: memberProcedure.input(ZRecord).query(({ ctx, input }) => packetRecord(ctx.deps, ctx.principal.userId, input)),
  /** seed /red-packet/receive-record */
  receiveRecord: memberProcedure.input(ZRecord).query(({ ctx, input }) => receiveRecord(ctx.deps, ctx.principal.userId, input)),
  /** seed /red-packet/send-record */
  sendRecord: memberProcedure.input(ZRecord).query(({ ctx, input }) => sendRecord(ctx.deps, ctx.principal.userId, input)),
});
