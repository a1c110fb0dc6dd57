// Balances on a ledger (issue 13's money, first part): coins are data; every change of a
// balance is one ledger_entries row, and the database moves the balance with it (migration
// 0010: the `ledger_apply` trigger, rows immutable, balances written by the trigger alone and
// never below zero). So a wrong state is not something code here must avoid — the database
// refuses it: an overdraft fails the whole transaction, whatever else it did.
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { balances, coins, ledgerEntries, users, type TCoin } from "../../../db/schema";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import type { Deps, MemberPrincipal } from "../deps";
import { parseId } from "../parse-id";
import { fromMinor, toMinor } from "./amount";

export type LedgerKind = "credit" | "debit" | "packet_send" | "packet_claim" | "packet_refund";

/** the SQLSTATE of a database error, through drizzle's wrapper */
const sqlState = (err: unknown): string | undefined => {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  return typeof e?.code === "string" ? e.code : typeof e?.cause?.code === "string" ? e.cause.code : undefined;
};
const CHECK_VIOLATION = "23514";
const UNIQUE_VIOLATION = "23505";

export async function listCoins(db: DbOrTx): Promise<TCoin[]> {
  return db.select().from(coins).orderBy(asc(coins.id));
}

export async function coinById(db: DbOrTx, coinId: number): Promise<TCoin> {
  const [coin] = await db.select().from(coins).where(eq(coins.id, coinId)).limit(1);
  if (!coin) throw new AppError(-1001, `coin ${coinId} does not exist`);
  return coin;
}

/** admin.createCoin: a new currency; its number is the server's (the seed's 1 and 2 are the demo's) */
export async function createCoin(deps: Deps, _admin: MemberPrincipal, input: { code: string; name: string; decimals: number }) {
  try {
    const [coin] = await deps.db.insert(coins).values({ code: input.code, name: input.name, decimals: input.decimals, createdAt: clock.now() }).returning();
    return { coin: coin.id, code: coin.code, name: coin.name, decimals: coin.decimals };
  } catch (err) {
    if (sqlState(err) === UNIQUE_VIOLATION) throw new AppError(-1001, `a coin with code ${input.code} exists`);
    throw err;
  }
}

/**
 * One ledger row in the caller's transaction; the balance moves with it. An overdraft is
 * `-1001` "balance too low" (the database's CHECK said so) and fails the transaction.
 */
export async function postEntry(
  tx: DbOrTx,
  e: { userId: number; coinId: number; amount: bigint; kind: LedgerKind; reason?: string; byUserId?: number; packetId?: number },
): Promise<bigint> {
  try {
    await tx.insert(ledgerEntries).values({ ...e, reason: e.reason ?? "", createdAt: clock.now() });
  } catch (err) {
    if (sqlState(err) === CHECK_VIOLATION) throw new AppError(-1001, "the balance is too low");
    throw err;
  }
  const [b] = await tx.select({ amount: balances.amount }).from(balances).where(and(eq(balances.userId, e.userId), eq(balances.coinId, e.coinId)));
  return b?.amount ?? 0n;
}

/** admin.credit / admin.debit: an admin moves a member's balance, with a reason; one ledger row */
export async function adjustBalance(
  deps: Deps,
  admin: MemberPrincipal,
  input: { userId: string; coin: number; amount: string; reason: string },
  direction: "credit" | "debit",
) {
  const userId = parseId(input.userId);
  return deps.db.transaction(async (tx) => {
    const [u] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
    if (!u) throw new AppError(-2001);
    const coin = await coinById(tx, input.coin);
    const units = toMinor(input.amount, coin.decimals);
    if (units === 0n) throw new AppError(-1001, "amount: must be more than 0");
    const balance = await postEntry(tx, {
      userId,
      coinId: coin.id,
      amount: direction === "credit" ? units : -units,
      kind: direction,
      reason: input.reason,
      byUserId: admin.userId,
    });
    return { coin: coin.id, balance: fromMinor(balance, coin.decimals) };
  });
}

/** seed /red-packet/balance: every coin, with what this member holds of it (exact decimal strings) */
export async function balancesOf(deps: Deps, userId: number) {
  const rows = await deps.db
    .select({ coin: coins, amount: balances.amount })
    .from(coins)
    .leftJoin(balances, and(eq(balances.coinId, coins.id), eq(balances.userId, userId)))
    .orderBy(asc(coins.id));
  return {
    balances: rows.map((r) => ({ coin: r.coin.id, code: r.coin.code, name: r.coin.name, decimals: r.coin.decimals, amount: fromMinor(r.amount ?? 0n, r.coin.decimals) })),
  };
}

/**
 * Balances that differ from their ledger (none, by construction — the tests and the admin
 * portal check), and per coin: the sum of balances and of the ledger's rows by kind.
 */
export async function reconcile(db: DbOrTx) {
  const mismatched = await db.execute<{ user_id: string; coin_id: number; balance: string; ledger: string }>(sql`
    select b.user_id, b.coin_id, b.amount::text as balance, coalesce(l.total, 0)::text as ledger
    from ${balances} b
    left join (select user_id, coin_id, sum(amount) as total from ${ledgerEntries} group by user_id, coin_id) l
      on l.user_id = b.user_id and l.coin_id = b.coin_id
    where b.amount <> coalesce(l.total, 0)
    union all
    select l.user_id, l.coin_id, '0', l.total::text
    from (select user_id, coin_id, sum(amount) as total from ${ledgerEntries} group by user_id, coin_id) l
    where l.total <> 0 and not exists (select 1 from ${balances} b where b.user_id = l.user_id and b.coin_id = l.coin_id)`);
  const rows = Array.isArray(mismatched) ? mismatched : (mismatched as { rows: unknown[] }).rows;
  return { mismatched: rows as { user_id: string; coin_id: number; balance: string; ledger: string }[] };
}

/** admin: who holds what, largest first (a coin, or every coin), optionally one member by id or name */
export async function listBalances(db: DbOrTx, input: { coin?: number; q?: string; limit: number; offset?: number }) {
  const conds = [sql`${balances.amount} <> 0`];
  if (input.coin) conds.push(eq(balances.coinId, input.coin));
  if (input.q?.trim()) {
    const q = input.q.trim();
    conds.push(/^[0-9]+$/.test(q) ? sql`(${users.id} = ${Number(q)} or ${users.mobile} = ${q})` : sql`${users.nickname} ilike ${"%" + q.replace(/[\\%_]/g, (c) => "\\" + c) + "%"}`);
  }
  const rows = await db
    .select({ userId: users.id, nickname: users.nickname, mobile: users.mobile, coinId: coins.id, code: coins.code, decimals: coins.decimals, amount: balances.amount })
    .from(balances)
    .innerJoin(users, eq(users.id, balances.userId))
    .innerJoin(coins, eq(coins.id, balances.coinId))
    .where(and(...conds))
    .orderBy(sql`${balances.amount} desc`, asc(users.id))
    .limit(input.limit)
    .offset(input.offset ?? 0);
  return {
    balances: rows.map((r) => ({ userId: String(r.userId), nickname: r.nickname, mobile: r.mobile ?? "", coin: r.coinId, code: r.code, amount: fromMinor(r.amount, r.decimals) })),
  };
}

/** admin: one member's ledger, newest first (every row: kind, signed amount, reason, who, which packet) */
export async function memberLedger(db: DbOrTx, input: { userId: string; coin?: number; beforeId?: number; limit: number }) {
  const userId = parseId(input.userId);
  const conds = [eq(ledgerEntries.userId, userId)];
  if (input.coin) conds.push(eq(ledgerEntries.coinId, input.coin));
  if (input.beforeId) conds.push(sql`${ledgerEntries.id} < ${input.beforeId}`);
  const rows = await db
    .select({
      e: ledgerEntries,
      decimals: coins.decimals,
      code: coins.code,
      by: sql<string | null>`(select nickname from ${users} where ${users.id} = ${ledgerEntries.byUserId})`,
      packet: sql<string | null>`(select public_id::text from red_packets where id = ${ledgerEntries.packetId})`,
    })
    .from(ledgerEntries)
    .innerJoin(coins, eq(coins.id, ledgerEntries.coinId))
    .where(and(...conds))
    .orderBy(sql`${ledgerEntries.id} desc`)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    entries: page.map((r) => ({
      id: String(r.e.id),
      coin: r.e.coinId,
      code: r.code,
      kind: r.e.kind as LedgerKind,
      amount: fromMinor(r.e.amount, r.decimals),
      reason: r.e.reason,
      by: r.by,
      packetId: r.packet,
      createdAt: r.e.createdAt,
    })),
    nextBeforeId: rows.length > input.limit ? page[page.length - 1].e.id : null,
    balances: (await balancesOf({ db } as Deps, userId)).balances,
  };
}

/**
 * admin: per coin, what the ledger adds up to and whether it reconciles — the sum of balances
 * equals the ledger's sum (credits − debits − packets sent + claimed + refunded), and what
 * packets still hold (sent − claimed − refunded) is what is out there to claim.
 */
export async function coinTotals(db: DbOrTx) {
  const rows = await db.execute<{ coin_id: number; code: string; name: string; decimals: number; balances: string; credit: string; debit: string; packet_send: string; packet_claim: string; packet_refund: string; holders: number }>(sql`
    select c.id as coin_id, c.code, c.name, c.decimals,
      coalesce((select sum(amount) from ${balances} b where b.coin_id = c.id), 0)::text as balances,
      coalesce((select count(*) from ${balances} b where b.coin_id = c.id and b.amount > 0), 0)::int as holders,
      coalesce(sum(l.amount) filter (where l.kind = 'credit'), 0)::text as credit,
      coalesce(sum(l.amount) filter (where l.kind = 'debit'), 0)::text as debit,
      coalesce(sum(l.amount) filter (where l.kind = 'packet_send'), 0)::text as packet_send,
      coalesce(sum(l.amount) filter (where l.kind = 'packet_claim'), 0)::text as packet_claim,
      coalesce(sum(l.amount) filter (where l.kind = 'packet_refund'), 0)::text as packet_refund
    from ${coins} c left join ${ledgerEntries} l on l.coin_id = c.id
    group by c.id order by c.id`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { coin_id: number; code: string; name: string; decimals: number; balances: string; credit: string; debit: string; packet_send: string; packet_claim: string; packet_refund: string; holders: number }[];
  return {
    coins: list.map((r) => {
      const d = r.decimals;
      const [bal, cr, db_, sent, claimed, refunded] = [r.balances, r.credit, r.debit, r.packet_send, r.packet_claim, r.packet_refund].map((x) => BigInt(x));
      const ledger = cr + db_ + sent + claimed + refunded;
      return {
        coin: r.coin_id,
        code: r.code,
        name: r.name,
        decimals: d,
        holders: Number(r.holders),
        balances: fromMinor(bal, d),
        credited: fromMinor(cr, d),
        debited: fromMinor(-db_, d),
        packetsSent: fromMinor(-sent, d),
        packetsClaimed: fromMinor(claimed, d),
        packetsRefunded: fromMinor(refunded, d),
        /** what unexpired packets still hold: sent − claimed − refunded */
        inPackets: fromMinor(-sent - claimed - refunded, d),
        ledger: fromMinor(ledger, d),
        /** the sum of balances is the ledger's sum, and credits − debits = balances + what packets hold */
        reconciles: bal === ledger,
      };
    }),
  };
}
