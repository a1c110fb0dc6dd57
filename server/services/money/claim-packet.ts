// Claiming red packets. Shares were cut when the packet was sent; a claim takes the next free
// one. Exactness is the database's: a share is claimed by one UPDATE whose trigger writes the
// ledger row (migration 0013), a member holds at most one share of a packet (unique index),
// and the rows a claim takes are locked with SKIP LOCKED, so two claimers never get one share.
//
// Speed: signed-in claims of one packet that arrive together (one turn of the event loop, or
// while the previous statement runs) are judged and paid by one statement — one round trip and
// one commit for hundreds of claimers of a hot packet, where a transaction per claim would queue
// them one by one behind the packet's lock. One statement per packet at a time per process;
// other processes' statements take other shares (SKIP LOCKED). A batch that fails as a whole
// (a member claiming through two processes at once: the unique index) is claimed again one by
// one, so everyone still gets exactly their answer.
//
// By link, without an account (seed flow): /receive grabs a share under a `mark`, held
// PARLEY_PACKET_HOLD_MS for /entry (an existing account's number) or /register-entry (a new
// account, with the SMS code); after that it is free again. At expiry whatever is not claimed —
// grabbed or not — goes back to the sender (refund-packets.ts).
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
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
const termsCache = new WeakMap<Db, Map<string, PacketTerms>>();

/** a packet's terms by its wire id; a malformed or unknown id is -4006 */
export async function packetTerms(deps: Deps, packetId: string): Promise<PacketTerms> {
  if (typeof packetId !== "string" || !UUID.test(packetId)) throw new AppError(-4006);
  const key = packetId.toLowerCase();
  let cache = termsCache.get(deps.db);
  if (!cache) termsCache.set(deps.db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const [row] = await deps.db
    .select({ p: redPackets, decimals: coins.decimals, senderName: users.nickname })
    .from(redPackets)
    .innerJoin(coins, eq(coins.id, redPackets.coinId))
    .innerJoin(users, eq(users.id, redPackets.senderId))
    .where(eq(redPackets.publicId, key))
    .limit(1);
  if (!row) throw new AppError(-4006);
  const { p } = row;
  const terms: PacketTerms = {
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
  if (cache.size >= TERMS_CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, terms);
  return terms;
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
 * One statement for a batch of claimers of one packet: judge each (already holds a share,
 * not in the conversation, not a new member, expired), take that many free shares in order
 * (SKIP LOCKED), pay them (the share_claim trigger), count what is left.
 */
const CLAIM = `
  with req as (
    select * from json_to_recordset($2::json) as x(u bigint, ord int)
  ), judged as (
    select r.u, r.ord, case
      when exists (select 1 from red_packet_shares s where s.packet_id = $1::bigint and s.claimed_by = r.u) then 'again'
      when $5::smallint in (2, 3) and not exists (
        select 1 from thread_members tm where tm.thread_id = $6::bigint and tm.user_id = r.u and tm.left_at is null) then 'outsider'
      when $7::boolean and (select created_at from users where id = r.u) <= $8::bigint then 'old'
      when $3::bigint >= $9::bigint or exists (select 1 from red_packets where id = $1::bigint and refunded_at is not null) then 'expired'
      else 'ok' end as verdict
    from req r
  ), eligible as (
    select u, row_number() over (order by ord) as rn from judged where verdict = 'ok'
  ), free as (
    select id, row_number() over (order by seq) as rn from (
      select id, seq from red_packet_shares
      where packet_id = $1::bigint and claimed_by is null and refunded_at is null and (mark is null or grabbed_at < $4::bigint)
      order by seq limit (select count(*) from eligible)
      for update skip locked) f
  ), got as (
    update red_packet_shares s set claimed_by = e.u, claimed_at = $3::bigint, mark = null, grabbed_at = null
    from eligible e join free f on f.rn = e.rn
    where s.id = f.id
    returning s.claimed_by, s.amount
  )
  select
    (select json_agg(json_build_array(u, ord, verdict)) from judged) as judged,
    (select json_agg(json_build_array(claimed_by, amount::text)) from got) as got,
    (select count(*) from red_packet_shares where packet_id = $1::bigint and claimed_by is null and refunded_at is null
       and (mark is null or grabbed_at < $4::bigint))::int - (select count(*) from got)::int as remain`;

type Claimer = { p: MemberPrincipal; resolve: (r: ClaimResult) => void; reject: (e: unknown) => void };
export interface ClaimResult {
  amount: bigint;
  remain: number;
}

/** Per packet: claimers waiting for the next statement, and whether one is running. */
class PacketLane {
  queue: Claimer[] = [];
  busy = false;
  scheduled = false;
}

/** the largest batch: bounds one statement's JSON and lock set */
const MAX_CLAIM_BATCH = 1_000;

export class PacketClaims {
  private lanes = new Map<number, PacketLane>();
  readonly stats = { batches: 0, claims: 0, largest: 0, fallbacks: 0 };

  constructor(private deps: Deps) {}

  claim(t: PacketTerms, p: MemberPrincipal): Promise<ClaimResult> {
    return new Promise((resolve, reject) => {
      let lane = this.lanes.get(t.id);
      if (!lane) this.lanes.set(t.id, (lane = new PacketLane()));
      lane.queue.push({ p, resolve, reject });
      this.schedule(t, lane);
    });
  }

  private schedule(t: PacketTerms, lane: PacketLane) {
    if (lane.scheduled || lane.busy) return;
    if (lane.queue.length === 0) {
      this.lanes.delete(t.id);
      return;
    }
    lane.scheduled = true;
    setImmediate(() => {
      lane.scheduled = false;
      if (lane.busy || lane.queue.length === 0) return this.schedule(t, lane);
      lane.busy = true;
      void this.run(t, lane.queue.splice(0, MAX_CLAIM_BATCH)).finally(() => {
        lane.busy = false;
        this.schedule(t, lane);
      });
    });
  }

  private async run(t: PacketTerms, batch: Claimer[]) {
    this.stats.batches++;
    this.stats.claims += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    // one member twice in one batch: the first claims, the rest hear -4009 from the next statement
    const seen = new Set<number>();
    const first: Claimer[] = [];
    const again: Claimer[] = [];
    for (const c of batch) (seen.has(c.p.userId) ? again : first).push(c), seen.add(c.p.userId);
    const alone = (c: Claimer) => this.statement(t, [c]).catch((e) => c.reject(isUniqueViolation(e) ? REFUSAL.again() : e));
    try {
      await this.statement(t, first);
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

  private async statement(t: PacketTerms, claimers: Claimer[]) {
    const now = clock.now();
    const rows = claimers.map((c, ord) => ({ u: c.p.userId, ord }));
    const [out] = await rawQuery<{ judged: unknown; got: unknown; remain: number }>(this.deps.db, CLAIM, [
      t.id,
      JSON.stringify(rows),
      now,
      now - this.deps.config.packetHoldMs,
      t.channelType,
      t.targetId,
      t.newMembersOnly,
      t.createdAt,
      t.expiresAt,
    ]);
    const parse = <T>(v: unknown): T[] => ((typeof v === "string" ? JSON.parse(v) : v) as T[] | null) ?? [];
    const verdicts = new Map(parse<[number, number, Verdict]>(out.judged).map(([, ord, v]) => [ord, v]));
    const paid = new Map(parse<[number, string]>(out.got).map(([u, amount]) => [Number(u), BigInt(amount)]));
    const remain = Math.max(0, Number(out.remain));
    claimers.forEach((c, ord) => {
      const verdict = verdicts.get(ord) ?? "ok";
      if (verdict !== "ok") return c.reject(REFUSAL[verdict]());
      const amount = paid.get(c.p.userId);
      if (amount === undefined) return c.reject(new AppError(-4001));
      c.resolve({ amount, remain });
      void notifyClaim(this.deps, t, { id: c.p.userId, nickname: c.p.nickname }, amount, remain).catch(() => {});
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
       select id from red_packet_shares
       where packet_id = $1::bigint and claimed_by is null and refunded_at is null and (mark is null or grabbed_at < $3::bigint)
       order by seq limit 1 for update skip locked
     ), got as (
       update red_packet_shares s set mark = $2::uuid, grabbed_at = $4::bigint from pick where s.id = pick.id returning s.amount
     )
     select (select amount::text from got) as amount,
       (select count(*) from red_packet_shares where packet_id = $1::bigint and claimed_by is null and refunded_at is null
          and (mark is null or grabbed_at < $3::bigint))::int - (select count(*) from got)::int as remain,
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
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(redPacketShares)
    .where(
      and(
        eq(redPacketShares.packetId, t.id),
        isNull(redPacketShares.claimedBy),
        isNull(redPacketShares.refundedAt),
        sql`(${redPacketShares.mark} is null or ${redPacketShares.grabbedAt} < ${clock.now() - deps.config.packetHoldMs})`,
      ),
    );
  return r.n;
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
