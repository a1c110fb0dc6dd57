// Claiming red packets. Shares were cut when the packet was sent; a claim takes the next free
// one. Exactness is the database's: a share is claimed by one UPDATE whose trigger writes the
// ledger row (migration 0013), a member holds at most one share of a packet (unique index),
// and the rows a claim takes are locked with SKIP LOCKED, so two claimers never get one share.
//
// Speed: signed-in claims that arrive together (one turn of the event loop, or while their
// packet's previous statement runs) are judged and paid by one statement — one round trip and
// one commit for hundreds of claimers of a hot packet, where a transaction per claim would queue
// them one by one behind the packet's lock, and for the claimers of many packets at once. One
// statement per packet at a time per process (two statements at most, for different packets);
// other processes' statements take other shares (SKIP LOCKED). A batch that fails as a whole
// (a member claiming through two processes at once: the unique index) is claimed again one by
// one, so everyone still gets exactly their answer.
//
// A packet none of whose shares is open any more (each claimed or refunded; one held by a mark
// is still open, its hold may lapse) is finished for good — shares only move forward (migration
// 0013). Its claimers are read once; its later claims (the thousands after a hot packet's last
// share) are answered in the claim statement's order without it: -4009 from that list, then
// -4006 / -4004 / "refunded yet?" from one small statement per batch (none at all once the
// packet is seen refunded or expired, for a room's packet open to all), then -4001.
//
// By link, without an account (seed flow): /receive grabs a share under a `mark`, held
// PARLEY_PACKET_HOLD_MS for /entry (an existing account's number) or /register-entry (a new
// account, with the SMS code); after that it is free again. At expiry whatever is not claimed —
// grabbed or not — goes back to the sender (refund-packets.ts).
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client";
import { rawQuery } from "../../../db/raw";
import { coins, redPacketShares, redPackets, users } from "../../../db/schema";
import { audience } from "../../bus/bus";
import { clock } from "../../clock";
import { hashPassword } from "../../crypto";
import { AppError } from "../../errors/app-error";
import { ChannelType, type PacketClaimedFrame } from "../../protocol/frames";
import type { Deps, MemberPrincipal } from "../deps";
import { consumeSmsCode, smsCodeError } from "../sms/codes";
import { fromMinor } from "./amount";

/** What never changes about a packet (packet_terms_fixed): cached per process once read. */
export interface PacketTerms {
  id: number;
  publicId: string;
  senderId: number;
  senderName: string;
  coinId: number;
  decimals: number;
  type: number;
  count: number;
  total: bigint;
  channelType: number;
  targetId: number;
  newMembersOnly: boolean;
  createdAt: number;
  expiresAt: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TERMS_CACHE_MAX = 10_000;
const termsCache = new WeakMap<Db, Map<string, Promise<PacketTerms>>>();

/** a packet's terms by its wire id; a malformed or unknown id is -4006 */
export function packetTerms(deps: Deps, packetId: string): Promise<PacketTerms> {
  if (typeof packetId !== "string" || !UUID.test(packetId)) return Promise.reject(new AppError(-4006));
  const key = packetId.toLowerCase();
  let cache = termsCache.get(deps.db);
  if (!cache) termsCache.set(deps.db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  // the lookup itself is shared: the first claims of a new packet arrive together
  const read = readTerms(deps, key);
  if (cache.size >= TERMS_CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, read);
  read.catch(() => cache.get(key) === read && cache.delete(key));
  return read;
}

async function readTerms(deps: Deps, key: string): Promise<PacketTerms> {
  const [row] = await deps.db
    .select({ p: redPackets, decimals: coins.decimals, senderName: users.nickname })
    .from(redPackets)
    .innerJoin(coins, eq(coins.id, redPackets.coinId))
    .innerJoin(users, eq(users.id, redPackets.senderId))
    .where(eq(redPackets.publicId, key))
    .limit(1);
  if (!row) throw new AppError(-4006);
  const { p } = row;
  return {
    id: p.id,
    publicId: p.publicId,
    senderId: p.senderId,
    senderName: row.senderName,
    coinId: p.coinId,
    decimals: row.decimals,
    type: p.type,
    count: p.count,
    total: p.total,
    channelType: p.channelType,
    targetId: p.targetId,
    newMembersOnly: p.newMembersOnly,
    createdAt: p.createdAt,
    expiresAt: p.expiresAt,
  };
}

/** who hears that a packet was emptied: its conversation */
const conversationAudience = (t: PacketTerms) => (t.channelType === ChannelType.room ? audience.room(t.targetId) : audience.thread(t.targetId));

/**
 * eventType 50: someone opened a packet — to its sender and the claimer; when it was the last
 * share, to the whole conversation too (every bubble turns "all claimed"). A 500-share packet
 * in a 5,000-person room is 500 notices to two people each, not 2.5 million frames.
 */
async function notifyClaim(deps: Deps, t: PacketTerms, claimer: { id: number; nickname: string }, amount: bigint, remain: number) {
  const frame: PacketClaimedFrame = {
    eventType: 50,
    packetId: t.publicId,
    channelType: t.channelType,
    senderId: String(t.senderId),
    claimer: { id: String(claimer.id), nickname: claimer.nickname },
    amount: fromMinor(amount, t.decimals),
    coin: t.coinId,
    total: t.count,
    remain,
    finished: remain === 0,
  };
  const audiences = [audience.user(t.senderId), audience.user(claimer.id)];
  if (remain === 0) audiences.push(conversationAudience(t));
  await deps.bus.publish({ audiences: [...new Set(audiences)], data: JSON.stringify(frame) });
}

type Verdict = "ok" | "again" | "outsider" | "old" | "expired";
const REFUSAL: Record<Exclude<Verdict, "ok">, () => AppError> = {
  again: () => new AppError(-4009),
  outsider: () => new AppError(-4006),
  old: () => new AppError(-4004),
  // the seed has no "expired": nothing is left to claim, which is what -4001 tells a client (protocol.md)
  expired: () => new AppError(-4001, "the red packet expired; what was left went back to its sender"),
};

/**
 * A share anyone may claim now (`s` a red_packet_shares alias, `holdCutoff` the parameter
 * holding now − PARLEY_PACKET_HOLD_MS): not claimed, not refunded, and not held by a link's
 * mark — or held, but the hold lapsed. The one definition: claims, grabs by link and every
 * "remain" count use it.
 */
const available = (s: string, holdCutoff: string) =>
  `${s}.claimed_by is null and ${s}.refunded_at is null and (${s}.mark is null or ${s}.grabbed_at < ${holdCutoff}::bigint)`;
/** a share that is neither claimed nor refunded (a held one included: its hold may lapse) — once none is, the packet is done for good */
const open = (s: string) => `${s}.claimed_by is null and ${s}.refunded_at is null`;

/** one claimer of a statement: the member, the packet (with the terms the verdict needs), its place in the batch */
const claimRows = (claimers: Claimer[]) =>
  JSON.stringify(
    claimers.map((c, ord) => ({ u: c.p.userId, ord, p: c.t.id, ct: c.t.channelType, tg: c.t.targetId, nm: c.t.newMembersOnly, ca: c.t.createdAt, ex: c.t.expiresAt })),
  );
const REQ = `json_to_recordset($1::json) as x(u bigint, ord int, p bigint, ct smallint, tg bigint, nm boolean, ca bigint, ex bigint)`;
/** not in the packet's conversation (groups and friend chats; a room's packet is anyone's), or an old account for a new-members-only packet */
const OUTSIDER = `r.ct in (2, 3) and not exists (
        select 1 from thread_members tm where tm.thread_id = r.tg and tm.user_id = r.u and tm.left_at is null)`;
const OLD = `r.nm and (select created_at from users where id = r.u) <= r.ca`;

/**
 * One statement for a batch of claimers of one or more packets: judge each (already holds a
 * share of it, not in its conversation, not a new member, expired — in that order), take that
 * many free shares of each packet in order (SKIP LOCKED), pay them (the share_claim trigger),
 * and count per packet what is left to claim now (`remain`) and what is not yet claimed or
 * refunded at all (`open`, held shares included). $2 now, $3 the hold cutoff.
 */
const CLAIM = `
  with req as (
    select * from ${REQ}
  ), judged as (
    select r.u, r.ord, r.p, case
      when exists (select 1 from red_packet_shares s where s.packet_id = r.p and s.claimed_by = r.u) then 'again'
      when ${OUTSIDER} then 'outsider'
      when ${OLD} then 'old'
      when $2::bigint >= r.ex or exists (select 1 from red_packets where id = r.p and refunded_at is not null) then 'expired'
      else 'ok' end as verdict
    from req r
  ), eligible as (
    select p, array_agg(u order by ord) as us from judged where verdict = 'ok' group by p
  ), pairs as (
    -- each packet's eligible claimers, in order, beside as many of its free shares, in order:
    -- zipped as arrays (a join on row numbers was planned as a nested loop, claimers × shares)
    select x.id, x.u
    from eligible e
    cross join lateral (
      select array_agg(f.id order by f.seq) as ids from (
        select s.id, s.seq from red_packet_shares s
        where s.packet_id = e.p and ${available("s", "$3")}
        order by s.seq limit cardinality(e.us)
        for update skip locked) f) free
    cross join lateral unnest(free.ids, e.us) as x(id, u)
    where x.id is not null
  ), got as (
    update red_packet_shares s set claimed_by = x.u, claimed_at = $2::bigint, mark = null, grabbed_at = null
    from pairs x
    where s.id = x.id
    returning s.packet_id, s.claimed_by, s.amount
  )
  select
    (select json_agg(json_build_array(ord, verdict)) from judged where verdict <> 'ok') as judged,
    (select json_agg(json_build_array(packet_id, claimed_by, amount::text)) from got) as got,
    (select json_agg(json_build_array(pk.p, c.remain - g.n, c.open - g.n)) from (select distinct p from req) pk
       cross join lateral (select count(*) filter (where ${available("s", "$3")}) as remain, count(*) filter (where ${open("s")}) as open
         from red_packet_shares s where s.packet_id = pk.p) c
       cross join lateral (select count(*) as n from got where got.packet_id = pk.p) g) as left`;

/**
 * Claimers of finished packets (no share open, ever again; their claimers known): the verdicts
 * that still need the database — not in the conversation, not a new member — and which of the
 * packets were refunded meanwhile.
 */
const JUDGE_FINISHED = `
  select
    (select json_agg(json_build_array(r.ord, case when ${OUTSIDER} then 'outsider' when ${OLD} then 'old' else 'ok' end))
       from ${REQ.replace(" as x(", " as r(")} where r.ct in (2, 3) or r.nm) as judged,
    (select json_agg(p.id) from red_packets p where p.id in (select (v #>> '{}')::bigint from json_array_elements($2::json) v) and p.refunded_at is not null) as refunded`;

type Claimer = { t: PacketTerms; p: MemberPrincipal; resolve: (r: ClaimResult) => void; reject: (e: unknown) => void };
export interface ClaimResult {
  amount: bigint;
  remain: number;
}

/**
 * A packet none of whose shares is open (each claimed or refunded — a share held by a mark is
 * still open: its hold may lapse): nothing about who got what can change any more, so its
 * claimers, read once, answer "again" without the database.
 */
interface Finished {
  claimers: Set<number>;
  /** seen refunded (that is final too); until then each batch asks */
  refunded: boolean;
}

/** the largest batch: bounds one statement's JSON and lock set */
const MAX_CLAIM_BATCH = 1_000;
/**
 * claim statements running at once per process (for different packets): more would only split
 * the claims that arrive meanwhile into smaller statements, each a round trip and a plan of its own
 */
const MAX_CLAIM_STATEMENTS = 2;
/** finished packets remembered (the oldest forgotten first), and the largest one remembered */
const FINISHED_MAX = 1_000;
const FINISHED_MAX_SHARES = 100_000;

const parseJson = <T>(v: unknown): T[] => ((typeof v === "string" ? JSON.parse(v) : v) as T[] | null) ?? [];

export class PacketClaims {
  /** claimers waiting for the next statement, by packet */
  private waiting = new Map<number, Claimer[]>();
  /** packets with a claim statement running: one at a time per packet per process */
  private busy = new Set<number>();
  private scheduled = false;
  private finished = new Map<number, Finished>();
  private loading = new Set<number>();
  /** a finished-packet judgment running (one at a time; claims of finished packets wait for the next) */
  private judging = false;
  /** claim statements running */
  private running = 0;
  readonly stats = { batches: 0, claims: 0, largest: 0, fallbacks: 0, judged: 0 };

  constructor(private deps: Deps) {}

  claim(t: PacketTerms, p: MemberPrincipal): Promise<ClaimResult> {
    return new Promise((resolve, reject) => {
      let queue = this.waiting.get(t.id);
      if (!queue) this.waiting.set(t.id, (queue = []));
      queue.push({ t, p, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Claims that arrive together (one turn of the event loop, or while their packet's statement
   * runs) go out together: every packet with claimers waiting and no statement running joins one
   * statement, so many packets claimed at once cost one round trip, not one each.
   */
  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch() {
    const live: Claimer[] = [];
    const taken: number[] = [];
    const done: Claimer[] = [];
    let more = false;
    for (const [id, queue] of this.waiting) {
      if (this.finished.has(id)) {
        if (this.judging) continue;
        done.push(...queue);
        this.waiting.delete(id);
        continue;
      }
      if (this.busy.has(id)) continue;
      if (live.length >= MAX_CLAIM_BATCH || this.running >= MAX_CLAIM_STATEMENTS) {
        more = true;
        continue;
      }
      live.push(...queue.splice(0, MAX_CLAIM_BATCH - live.length));
      if (queue.length === 0) this.waiting.delete(id);
      else more = true;
      this.busy.add(id);
      taken.push(id);
    }
    if (done.length) {
      this.judging = true;
      void this.judgeFinished(done).finally(() => {
        this.judging = false;
        if (this.waiting.size) this.schedule();
      });
    }
    if (live.length) {
      this.running++;
      void this.run(live).finally(() => {
        this.running--;
        for (const id of taken) this.busy.delete(id);
        if (this.waiting.size) this.schedule();
      });
    }
    if (more && this.running < MAX_CLAIM_STATEMENTS) this.schedule();
  }

  private async run(batch: Claimer[]) {
    this.stats.batches++;
    this.stats.claims += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    // one member twice for one packet in one batch: the first claims, the rest hear -4009 from the next statement
    const seen = new Set<string>();
    const first: Claimer[] = [];
    const again: Claimer[] = [];
    for (const c of batch) {
      const key = `${c.t.id}:${c.p.userId}`;
      (seen.has(key) ? again : first).push(c);
      seen.add(key);
    }
    const alone = (c: Claimer) => this.statement([c]).catch((e) => c.reject(isUniqueViolation(e) ? REFUSAL.again() : e));
    try {
      await this.statement(first);
    } catch (err) {
      if (first.length === 1) first[0].reject(isUniqueViolation(err) ? REFUSAL.again() : err);
      else {
        // someone in it claimed through another door at the same moment: everyone on their own
        this.stats.fallbacks++;
        for (const c of first) await alone(c);
      }
    }
    for (const c of again) await alone(c);
  }

  private async statement(claimers: Claimer[]) {
    const now = clock.now();
    const [out] = await rawQuery<{ judged: unknown; got: unknown; left: unknown }>(this.deps.db, CLAIM, [claimRows(claimers), now, now - this.deps.config.packetHoldMs]);
    const verdicts = new Map(parseJson<[number, Verdict]>(out.judged));
    const paid = new Map(parseJson<[number, number, string]>(out.got).map(([p, u, amount]) => [`${p}:${u}`, BigInt(amount)]));
    const remain = new Map<number, number>();
    for (const [p, r, o] of parseJson<[number, number, number]>(out.left)) {
      remain.set(Number(p), Math.max(0, Number(r)));
      if (Number(o) <= 0) void this.remember(claimers.find((c) => c.t.id === Number(p))!.t);
    }
    const lastPaid = new Map<number, { c: Claimer; amount: bigint; left: number }>();
    claimers.forEach((c, ord) => {
      const verdict = verdicts.get(ord) ?? "ok";
      if (verdict !== "ok") return c.reject(REFUSAL[verdict]());
      const amount = paid.get(`${c.t.id}:${c.p.userId}`);
      if (amount === undefined) return c.reject(new AppError(-4001));
      const left = remain.get(c.t.id) ?? 0;
      c.resolve({ amount, remain: left });
      void notifyClaim(this.deps, c.t, { id: c.p.userId, nickname: c.p.nickname }, amount, left).catch(() => {});
      lastPaid.set(c.t.id, { c, amount, left });
    });
    // Several processes claim one packet at the same time, each with its own statement (SKIP
    // LOCKED). A statement's snapshot counts the shares another one has taken but not yet
    // committed as free, so two that take the last shares together each see some left, and
    // neither would say "finished". After commit, a statement that left some by its own count
    // asks again: the last of them to commit sees none, and tells the conversation (it may then
    // hear it twice; the client keeps one line, app/_lib/packet-state.ts). One process alone
    // never runs two statements for one packet (busy), so its count is exact.
    if (this.deps.bus.kind === "memory") return;
    const unsure = [...lastPaid.values()].filter((l) => l.left > 0);
    if (unsure.length) void this.finishedElsewhere(unsure).catch(() => {});
  }

  /** the packets (of one statement, each with its last paid claim) that have nothing left now: their "finished" notice */
  private async finishedElsewhere(last: { c: Claimer; amount: bigint }[]) {
    const rows = await rawQuery<{ p: string }>(
      this.deps.db,
      `select s.packet_id::text as p from red_packet_shares s
       where s.packet_id in (select (v #>> '{}')::bigint from json_array_elements($1::json) v)
       group by s.packet_id having count(*) filter (where ${available("s", "$2")}) = 0`,
      [JSON.stringify(last.map((l) => l.c.t.id)), clock.now() - this.deps.config.packetHoldMs],
    );
    const done = new Set(rows.map((r) => Number(r.p)));
    for (const { c, amount } of last) {
      if (done.has(c.t.id)) await notifyClaim(this.deps, c.t, { id: c.p.userId, nickname: c.p.nickname }, amount, 0);
    }
  }

  /** a packet with nothing open: read its claimers once; its later claims are judged without a claim statement */
  private async remember(t: PacketTerms) {
    if (this.finished.has(t.id) || this.loading.has(t.id) || t.count > FINISHED_MAX_SHARES) return;
    this.loading.add(t.id);
    try {
      const rows = await this.deps.db
        .select({ u: redPacketShares.claimedBy })
        .from(redPacketShares)
        .where(and(eq(redPacketShares.packetId, t.id), isNotNull(redPacketShares.claimedBy)));
      if (this.finished.size >= FINISHED_MAX) this.finished.delete(this.finished.keys().next().value!);
      this.finished.set(t.id, { claimers: new Set(rows.map((r) => r.u!)), refunded: false });
    } catch {
      // not remembered: its claims go on through the claim statement, which answers them as well
    } finally {
      this.loading.delete(t.id);
    }
  }

  /**
   * Claims of finished packets, answered as the claim statement would: -4009 for a claimer,
   * then -4006 not in the conversation, -4004 not a new member, then -4001 — with the expiry's
   * reason once the packet expired or was refunded, plain (none left) before.
   */
  private async judgeFinished(claimers: Claimer[]) {
    this.stats.judged += claimers.length;
    const now = clock.now();
    const rest = claimers.filter((c) => {
      if (!this.finished.get(c.t.id)!.claimers.has(c.p.userId)) return true;
      c.reject(REFUSAL.again());
      return false;
    });
    if (!rest.length) return;
    const ask = rest.some((c) => c.t.channelType === ChannelType.group || c.t.channelType === ChannelType.friend || c.t.newMembersOnly);
    const unsure = [...new Set(rest.filter((c) => now < c.t.expiresAt && !this.finished.get(c.t.id)!.refunded).map((c) => c.t.id))];
    let verdicts = new Map<number, Verdict>();
    const refunded = new Set(rest.filter((c) => this.finished.get(c.t.id)!.refunded).map((c) => c.t.id));
    if (ask || unsure.length) {
      try {
        const [out] = await rawQuery<{ judged: unknown; refunded: unknown }>(this.deps.db, JUDGE_FINISHED, [claimRows(rest), JSON.stringify(unsure)]);
        verdicts = new Map(parseJson<[number, Verdict]>(out.judged));
        for (const id of parseJson<number>(out.refunded)) {
          refunded.add(Number(id));
          const f = this.finished.get(Number(id));
          if (f) f.refunded = true;
        }
      } catch (err) {
        for (const c of rest) c.reject(err);
        return;
      }
    }
    rest.forEach((c, ord) => {
      const verdict = verdicts.get(ord) ?? "ok";
      if (verdict !== "ok") return c.reject(REFUSAL[verdict]());
      const expired = now >= c.t.expiresAt || refunded.has(c.t.id);
      c.reject(expired ? REFUSAL.expired() : new AppError(-4001));
    });
  }
}

const claimers = new WeakMap<Db, PacketClaims>();
export function packetClaims(deps: Deps): PacketClaims {
  let c = claimers.get(deps.db);
  if (!c) claimers.set(deps.db, (c = new PacketClaims(deps)));
  return c;
}

/** seed /red-packet/receive-entry: a signed-in member claims a share → {amount, total, remain, coin} */
export async function receiveEntry(deps: Deps, p: MemberPrincipal, input: { packet_id: string }) {
  const t = await packetTerms(deps, input.packet_id);
  // a friend chat's packet is for the friend
  if (t.channelType === ChannelType.friend && t.senderId === p.userId) throw new AppError(-3000, "this red packet is for your friend");
  const { amount, remain } = await packetClaims(deps).claim(t, p);
  return { amount: fromMinor(amount, t.decimals), total: t.count, remain, coin: t.coinId };
}


/** seed /red-packet/receive: anyone with the link grabs a share under a mark, held for its entry */
export async function receiveByLink(deps: Deps, input: { packet_id: string }) {
  const t = await packetTerms(deps, input.packet_id);
  const now = clock.now();
  if (now >= t.expiresAt) throw REFUSAL.expired();
  const mark = randomUUID();
  const [row] = await rawQuery<{ amount: string | null; remain: number; refunded: boolean }>(
    deps.db,
    `with pick as (
       select s.id from red_packet_shares s
       where s.packet_id = $1::bigint and ${available("s", "$3")}
       order by s.seq limit 1 for update skip locked
     ), got as (
       update red_packet_shares s set mark = $2::uuid, grabbed_at = $4::bigint from pick where s.id = pick.id returning s.amount
     )
     select (select amount::text from got) as amount,
       (select count(*) from red_packet_shares s where s.packet_id = $1::bigint and ${available("s", "$3")})::int - (select count(*) from got)::int as remain,
       exists (select 1 from red_packets where id = $1::bigint and refunded_at is not null) as refunded`,
    [t.id, mark, now - deps.config.packetHoldMs, now],
  );
  if (row.refunded) throw REFUSAL.expired();
  if (row.amount === null) throw new AppError(-4001);
  return { mark, amount: fromMinor(BigInt(row.amount), t.decimals), total: t.count, remain: Math.max(0, Number(row.remain)), coin: t.coinId, packetId: t.publicId };
}

/** the share a mark holds, locked; -4005 when the mark is not (or no longer) this share's */
async function heldShare(tx: DbOrTx, mark: string) {
  if (typeof mark !== "string" || !UUID.test(mark)) throw new AppError(-4005);
  const [share] = await tx.select().from(redPacketShares).where(eq(redPacketShares.mark, mark.toLowerCase())).limit(1).for("update");
  if (!share || share.claimedBy !== null) throw new AppError(-4005);
  return share;
}

/**
 * Pays a held share to an account inside the caller's transaction, or releases it (free for
 * the next claimer) and says why: -4009 that account has a share of this packet already,
 * -4004 an old account for a new-members-only packet, -4001 the packet expired meanwhile.
 */
async function payHeld(tx: DbOrTx, t: PacketTerms, shareId: number, user: { id: number; createdAt: number }): Promise<AppError | null> {
  const now = clock.now();
  if (now >= t.expiresAt) return REFUSAL.expired();
  if (t.newMembersOnly && user.createdAt <= t.createdAt) return REFUSAL.old();
  const [dup] = await tx
    .select({ id: redPacketShares.id })
    .from(redPacketShares)
    .where(and(eq(redPacketShares.packetId, t.id), eq(redPacketShares.claimedBy, user.id)))
    .limit(1);
  if (dup) return REFUSAL.again();
  await tx
    .update(redPacketShares)
    .set({ claimedBy: user.id, claimedAt: now, mark: null, grabbedAt: null })
    .where(and(eq(redPacketShares.id, shareId), isNull(redPacketShares.claimedBy), isNull(redPacketShares.refundedAt)));
  return null;
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return (e?.code ?? e?.cause?.code) === "23505";
};

/** a refused entry lets the share go (in its own statement: the refusal's transaction rolls back) */
async function release(deps: Deps, mark: string) {
  await deps.db.update(redPacketShares).set({ mark: null, grabbedAt: null }).where(and(eq(redPacketShares.mark, mark.toLowerCase()), isNull(redPacketShares.claimedBy)));
}

/**
 * seed /red-packet/entry {mark, account}: the grabbed share to the account of that number
 * (recv_type 1), or — no such account — "register to get it" (recv_type 2, the mark kept).
 */
export async function enterByLink(deps: Deps, input: { mark: string; account: string }) {
  let r: Awaited<ReturnType<typeof enterOnce>>;
  try {
    // a refusal writes nothing before it is decided, so its transaction commits nothing
    r = await deps.db.transaction((tx) => enterOnce(tx, deps, input));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    r = REFUSAL.again(); // that account claimed a share of this packet at the same moment
  }
  if (r instanceof AppError) {
    if (r.code !== -4005) await release(deps, input.mark);
    throw r;
  }
  if (r.recv_type === 1) void notifyClaim(deps, r.terms, r.user!, r.units, r.remain).catch(() => {});
  const { terms: _t, user: _u, units: _n, remain: _r, ...answer } = r;
  return answer;
}

async function enterOnce(tx: DbOrTx, deps: Deps, input: { mark: string; account: string }) {
  const share = await heldShare(tx, input.mark);
  const [p] = await tx.select({ publicId: redPackets.publicId }).from(redPackets).where(eq(redPackets.id, share.packetId));
  const t = await packetTerms(deps, p.publicId);
  const [user] = await tx.select({ id: users.id, createdAt: users.createdAt, nickname: users.nickname }).from(users).where(eq(users.mobile, input.account)).limit(1);
  const base = { packet_id: t.publicId, amount: fromMinor(share.amount, t.decimals), coin: t.coinId };
  if (!user) {
    if (clock.now() >= t.expiresAt || share.refundedAt !== null) return REFUSAL.expired();
    return { ...base, mark: input.mark, recv_type: 2 as const, message: "this number has no account yet: register it to receive the red packet", terms: t, user: null, units: share.amount, remain: 0 };
  }
  if (share.refundedAt !== null) return REFUSAL.expired();
  const refused = await payHeld(tx, t, share.id, user);
  if (refused) return refused;
  return { ...base, mark: "", recv_type: 1 as const, message: "received", terms: t, user, units: share.amount, remain: await remainOf(tx, t, deps) };
}

async function remainOf(tx: DbOrTx, t: PacketTerms, deps: Deps) {
  // the cutoff is a number of ours, inlined as a literal: the fragment is the same text everywhere
  const cutoff = Math.trunc(clock.now() - deps.config.packetHoldMs);
  const r = await tx.execute(sql`select count(*)::int as n from red_packet_shares s where s.packet_id = ${t.id} and ${sql.raw(available("s", String(cutoff)))}`);
  const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { n: number }[];
  return Number(rows[0].n);
}

/**
 * seed /red-packet/register-entry {mark, account, password, captcha}: a new account for that
 * number with the code from /send/sms, and the share paid into it — one transaction (the code
 * spent, the account made, the share claimed), or nothing.
 */
export async function registerByLink(deps: Deps, input: { mark: string; account: string; password: string; captcha: string; nickname?: string }) {
  const passwordHash = await hashPassword(input.password);
  type Out = { check: "wrong" | "dead" } | { refusal: AppError } | { answer: { red_packet_id: string; packet_id: string; amount: string; mobile: string; coin: number; uid: string }; notice: [PacketTerms, { id: number; nickname: string }, bigint, number] };
  let out: Out;
  try {
    out = await deps.db.transaction(async (tx): Promise<Out> => {
      const share = await heldShare(tx, input.mark);
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.mobile, input.account)).limit(1);
      if (existing) return { refusal: new AppError(-4003) };
      const check = await consumeSmsCode(tx, input.account, input.captcha);
      if (check !== "ok") return { check };
      const [p] = await tx.select({ publicId: redPackets.publicId }).from(redPackets).where(eq(redPackets.id, share.packetId));
      const t = await packetTerms(deps, p.publicId);
      if (share.refundedAt !== null) throw REFUSAL.expired();
      const [user] = await tx
        .insert(users)
        .values({ mobile: input.account, passwordHash, nickname: input.nickname?.trim() || `User ${input.account.slice(-4)}`, createdAt: clock.now() })
        .returning({ id: users.id, createdAt: users.createdAt, nickname: users.nickname });
      const refused = await payHeld(tx, t, share.id, user);
      if (refused) throw refused;
      const amount = fromMinor(share.amount, t.decimals);
      return {
        answer: { red_packet_id: t.publicId, packet_id: t.publicId, amount, mobile: input.account, coin: t.coinId, uid: String(user.id) },
        notice: [t, user, share.amount, await remainOf(tx, t, deps)],
      };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(-4003);
    throw err;
  }
  if ("check" in out) throw smsCodeError(out.check);
  if ("refusal" in out) throw out.refusal;
  void notifyClaim(deps, ...out.notice).catch(() => {});
  return out.answer;
}
