// Expiry: a packet's unclaimed rest — free shares and shares grabbed by link but never entered
// — goes back to its sender once its time is up (PARLEY_PACKET_TTL_MS after sending). Each
// packet is refunded in one transaction that locks it (SKIP LOCKED: several processes run the
// job and share the work), marks its last shares refunded and writes one packet_refund row; a
// process killed midway leaves nothing behind (the transaction rolls back) and the next run
// does it. Exactly once is the database's: a second refund row is a unique violation, and
// packet_balanced checks at commit that the refund is exactly what was left.
//
// A claim racing the refund meets it on the shares' row locks: the claim either took its share
// first (the refund leaves it out) or finds none and hears -4001. The packet is locked FOR NO KEY
// UPDATE, not FOR UPDATE: a claim holding its share writes a ledger row whose foreign key takes
// KEY SHARE on the packet, and FOR UPDATE would make the two wait for each other — a deadlock
// (seen in CI: the refund waiting for the claim's share, the claim for the refund's packet).
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client";
import { audience } from "../../bus/bus";
import { clock } from "../../clock";
import type { Deps } from "../deps";
import { fromMinor } from "./amount";
import { postEntry } from "./ledger";

/** packets refunded per transaction: a backlog is worked off in short transactions */
const REFUND_BATCH = 20;

type Due = { id: string; public_id: string; sender_id: string; coin_id: number; decimals: number };

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

/** one transaction: up to REFUND_BATCH due packets; what each returned */
async function refundSome(deps: Deps, now: number) {
  return deps.db.transaction(async (tx) => {
    const due = rowsOf<Due>(
      await tx.execute(sql`
        select p.id, p.public_id, p.sender_id, p.coin_id, c.decimals from red_packets p join coins c on c.id = p.coin_id
        where p.refunded_at is null and p.expires_at <= ${now}
        order by p.expires_at limit ${REFUND_BATCH}
        for no key update of p skip locked`),
    );
    const done: { packetId: string; senderId: number; coin: number; amount: string; shares: number }[] = [];
    for (const p of due) {
      const { amount, shares } = await refundOne(tx, Number(p.id), Number(p.sender_id), p.coin_id, now);
      done.push({ packetId: p.public_id, senderId: Number(p.sender_id), coin: p.coin_id, amount: fromMinor(amount, p.decimals), shares });
    }
    return done;
  });
}

async function refundOne(tx: DbOrTx, packetId: number, senderId: number, coinId: number, now: number) {
  const [left] = rowsOf<{ total: string | null; n: number }>(
    await tx.execute(sql`
      with r as (
        update red_packet_shares set refunded_at = ${now}
        where packet_id = ${packetId} and claimed_by is null and refunded_at is null
        returning amount)
      select sum(amount)::text as total, count(*)::int as n from r`),
  );
  const amount = BigInt(left.total ?? "0");
  if (amount > 0n) await postEntry(tx, { userId: senderId, coinId, amount, kind: "packet_refund", packetId });
  await tx.execute(sql`update red_packets set refunded_at = ${now} where id = ${packetId}`);
  return { amount, shares: Number(left.n) };
}

/**
 * Refunds every packet due at `now`, batch after batch; tells each sender (eventType 51).
 * Resolves with what it returned.
 */
export async function refundDuePackets(deps: Deps, now = clock.now()) {
  const all: Awaited<ReturnType<typeof refundSome>> = [];
  for (;;) {
    const done = await refundSome(deps, now);
    all.push(...done);
    for (const d of done) {
      if (d.shares === 0) continue;
      const frame = { eventType: 51, packetId: d.packetId, coin: d.coin, amount: d.amount, shares: d.shares };
      await deps.bus.publish({ audiences: [audience.user(d.senderId)], data: JSON.stringify(frame) }).catch(() => {});
    }
    if (done.length < REFUND_BATCH) return all;
  }
}
