// seed 004 红包接口类 (/red-packet/*; Parley's `redPacket` domain). First part: balances on the
// ledger (services/money). Amounts are exact decimal strings here; the compat door gives the
// seed's numbers.
import { balancesOf, listCoins } from "../../services/money/ledger";
import { memberProcedure, publicProcedure, router } from "../trpc";

export const redPacketRouter = router({
  /** seed /red-packet/balance: every coin and what I hold of it */
  balance: memberProcedure.query(({ ctx }) => balancesOf(ctx.deps, ctx.principal.userId)),
  /** the coins there are (code, name, decimal places) */
  coins: publicProcedure.query(async ({ ctx }) => ({
    coins: (await listCoins(ctx.deps.db)).map((c) => ({ coin: c.id, code: c.code, name: c.name, decimals: c.decimals })),
  })),
});
