// What happened to red packets: one packet with every claim (redPacket.info — the bubble, the
// claim page), and a member's records by month or year (seed /red-packet/record,
// receive-record, send-record) with their totals. Amounts are exact decimal strings; the
// compat door turns them into the seed's numbers.
import { and, asc, desc, eq, gte, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { coins, redPacketShares, redPackets, threadMembers, users } from "../../../db/schema";
import { ChannelType } from "../../protocol/frames";
import { clock } from "../../clock";
import { AppError } from "../../errors/app-error";
import type { Deps } from "../deps";
import { fromMinor } from "./amount";
import { packetTerms } from "./claim-packet";
import { coinById } from "./ledger";
import { packetUrl } from "./send-packet";

/**
 * One packet as anyone holding its id sees it (the id is the link's bearer capability): the
 * sender, the terms, what is left, every claim so far and — once all are claimed — the best
 * luck; `mine` is the caller's share, if they have one.
 */
export async function packetInfo(deps: Deps, input: { packetId: string }, viewerId: number | null) {
  const t = await packetTerms(deps, input.packetId);
  const [p] = await deps.db
    .select({ greeting: redPackets.greeting, refundedAt: redPackets.refundedAt, avatar: users.avatar, code: coins.code })
    .from(redPackets)
    .innerJoin(users, eq(users.id, redPackets.senderId))
    .innerJoin(coins, eq(coins.id, redPackets.coinId))
    .where(eq(redPackets.id, t.id));
  const shares = await deps.db
    .select({ amount: redPacketShares.amount, claimedBy: redPacketShares.claimedBy, claimedAt: redPacketShares.claimedAt, refundedAt: redPacketShares.refundedAt, nickname: users.nickname, avatar: users.avatar })
    .from(redPacketShares)
    .leftJoin(users, eq(users.id, redPacketShares.claimedBy))
    .where(eq(redPacketShares.packetId, t.id))
    .orderBy(asc(redPacketShares.claimedAt), asc(redPacketShares.seq));
  const claimed = shares.filter((s) => s.claimedBy !== null);
  const refunded = shares.filter((s) => s.refundedAt !== null);
  const finished = claimed.length === t.count;
  // best luck: the largest share of a lucky packet once every share is out (the first to get it on a tie)
  const best = finished && t.type === 1 && claimed.length > 1 ? claimed.reduce((a, b) => (b.amount > a.amount ? b : a)) : null;
  const claimedTotal = claimed.reduce((a, s) => a + s.amount, 0n);
  const refundedTotal = refunded.reduce((a, s) => a + s.amount, 0n);
  const mine = viewerId === null ? undefined : claimed.find((s) => s.claimedBy === viewerId);
  const now = clock.now();
  const state = finished ? ("finished" as const) : p.refundedAt !== null || now >= t.expiresAt ? ("expired" as const) : ("open" as const);
  return {
    packetId: t.publicId,
    packetUrl: packetUrl(deps, t.publicId),
    sender: { id: String(t.senderId), nickname: t.senderName, avatar: p.avatar },
    coin: t.coinId,
    code: p.code,
    decimals: t.decimals,
    type: t.type,
    count: t.count,
    total: fromMinor(t.total, t.decimals),
    greeting: p.greeting,
    newMembersOnly: t.newMembersOnly,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    /** "open" — shares left; "finished" — all claimed; "expired" — its time is up (the rest is, or is about to be, the sender's again) */
    state,
    remain: t.count - claimed.length - refunded.length,
    claimedAmount: fromMinor(claimedTotal, t.decimals),
    refundedAmount: fromMinor(refundedTotal, t.decimals),
    refundedAt: p.refundedAt,
    finishedAt: finished ? Math.max(...claimed.map((s) => s.claimedAt!)) : null,
    claims: claimed.map((s) => ({
      userId: String(s.claimedBy),
      nickname: s.nickname ?? "",
      avatar: s.avatar ?? "",
      amount: fromMinor(s.amount, t.decimals),
      claimedAt: s.claimedAt!,
      best: s === best,
    })),
    mine: mine ? fromMinor(mine.amount, t.decimals) : null,
    /** what the caller may do now (receiveEntry's rules, so the UI offers only what the server would take) */
    viewerCan: { claim: viewerId !== null && !mine && state === "open" && (await mayClaim(deps, t, viewerId)) },
  };
}

/** receiveEntry's who-may rules, for asking before trying: in the conversation (rooms: anyone), not a friend-chat packet's sender */
async function mayClaim(deps: Deps, t: Awaited<ReturnType<typeof packetTerms>>, userId: number): Promise<boolean> {
  if (t.channelType === ChannelType.friend && t.senderId === userId) return false;
  if (t.channelType === ChannelType.room) return true;
  const [row] = await deps.db
    .select({ n: sql<number>`1` })
    .from(threadMembers)
    .where(and(eq(threadMembers.threadId, t.targetId), eq(threadMembers.userId, userId), isNull(threadMembers.leftAt)))
    .limit(1);
  return !!row;
}

/** seed `date`: "2018-08" (a month) or "2018" (a year), in the caller's time zone (minutes east of UTC) → [from, to) in epoch ms */
export function periodOf(date: string, tzOffsetMinutes = 0): { from: number; to: number } {
  const m = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/.exec(date?.trim() ?? "");
  if (!m) throw new AppError(-1001, 'date: a month "2018-08" or a year "2018"');
  const year = Number(m[1]);
  const shift = tzOffsetMinutes * 60_000;
  if (m[2]) {
    const month = Number(m[2]) - 1;
    return { from: Date.UTC(year, month, 1) - shift, to: Date.UTC(year, month + 1, 1) - shift };
  }
  return { from: Date.UTC(year, 0, 1) - shift, to: Date.UTC(year + 1, 0, 1) - shift };
}

/** the most rows one record answer lists (the totals count them all) */
const RECORD_ROWS = 500;

export interface RecordInput {
  date: string;
  /** seed: reserved, default 1 (BTY) */
  coin?: number;
  tzOffsetMinutes?: number;
}

/** seed /red-packet/receive-record: the shares I claimed in the period, newest first, with their total */
export async function receiveRecord(deps: Deps, userId: number, input: RecordInput) {
  const coin = await coinById(deps.db, input.coin ?? 1);
  const { from, to } = periodOf(input.date, input.tzOffsetMinutes);
  const sender = sql<string>`(select nickname from ${users} where ${users.id} = ${redPackets.senderId})`;
  const where = and(eq(redPacketShares.claimedBy, userId), gte(redPacketShares.claimedAt, from), lt(redPacketShares.claimedAt, to), eq(redPackets.coinId, coin.id));
  const [rows, [totals]] = await Promise.all([
    deps.db
      .select({ publicId: redPackets.publicId, type: redPackets.type, amount: redPacketShares.amount, at: redPacketShares.claimedAt, sender })
      .from(redPacketShares)
      .innerJoin(redPackets, eq(redPackets.id, redPacketShares.packetId))
      .where(where)
      .orderBy(desc(redPacketShares.claimedAt))
      .limit(RECORD_ROWS),
    deps.db
      .select({ n: sql<number>`count(*)::int`, sum: sql<string>`coalesce(sum(${redPacketShares.amount}), 0)::text` })
      .from(redPacketShares)
      .innerJoin(redPackets, eq(redPackets.id, redPacketShares.packetId))
      .where(where),
  ]);
  return {
    totalnum: totals.n,
    total_amount: fromMinor(BigInt(totals.sum), coin.decimals),
    coin: coin.id,
    receive: rows.map((r) => ({ red_packet_id: r.publicId, type: r.type, amount: fromMinor(r.amount, coin.decimals), receive_time: r.at!, coin: coin.id, username: r.sender })),
  };
}

/** seed /red-packet/send-record: the packets I sent in the period, newest first, with their total (and, beyond the seed, how each went) */
export async function sendRecord(deps: Deps, userId: number, input: RecordInput) {
  const coin = await coinById(deps.db, input.coin ?? 1);
  const { from, to } = periodOf(input.date, input.tzOffsetMinutes);
  const where = and(eq(redPackets.senderId, userId), gte(redPackets.createdAt, from), lt(redPackets.createdAt, to), eq(redPackets.coinId, coin.id));
  const claimedN = sql<number>`(select count(*)::int from ${redPacketShares} s where s.packet_id = red_packets.id and s.claimed_by is not null)`;
  const refunded = sql<string>`(select coalesce(sum(s.amount), 0)::text from ${redPacketShares} s where s.packet_id = red_packets.id and s.refunded_at is not null)`;
  const [rows, [totals]] = await Promise.all([
    deps.db
      .select({ publicId: redPackets.publicId, type: redPackets.type, total: redPackets.total, count: redPackets.count, at: redPackets.createdAt, claimedN, refunded })
      .from(redPackets)
      .where(where)
      .orderBy(desc(redPackets.createdAt))
      .limit(RECORD_ROWS),
    deps.db.select({ n: sql<number>`count(*)::int`, sum: sql<string>`coalesce(sum(${redPackets.total}), 0)::text` }).from(redPackets).where(where),
  ]);
  return {
    totalnum: totals.n,
    total_amount: fromMinor(BigInt(totals.sum), coin.decimals),
    coin: coin.id,
    send: rows.map((r) => ({
      red_packet_id: r.publicId,
      type: r.type,
      amount: fromMinor(r.total, coin.decimals),
      send_time: r.at,
      coin: coin.id,
      count: r.count,
      claimed: r.claimedN,
      refunded: fromMinor(BigInt(r.refunded), coin.decimals),
    })),
  };
}

/** seed /red-packet/record: both, with both totals */
export async function packetRecord(deps: Deps, userId: number, input: RecordInput) {
  const [received, sent] = await Promise.all([receiveRecord(deps, userId, input), sendRecord(deps, userId, input)]);
  return {
    receive_num: received.totalnum,
    receive_amount: received.total_amount,
    send_num: sent.totalnum,
    send_amount: sent.total_amount,
    coin: received.coin,
    receive: received.receive,
    send: sent.send,
  };
}

/** admin: packets, newest first, with how each went (the money pages) */
export async function listPackets(deps: Deps, input: { senderId?: string; before?: number; limit: number }) {
  const conds = [isNotNull(redPackets.id)];
  if (input.senderId) conds.push(eq(redPackets.senderId, Number(input.senderId)));
  if (input.before) conds.push(lt(redPackets.createdAt, input.before));
  const claimedN = sql<number>`(select count(*)::int from ${redPacketShares} s where s.packet_id = red_packets.id and s.claimed_by is not null)`;
  const claimedSum = sql<string>`(select coalesce(sum(s.amount), 0)::text from ${redPacketShares} s where s.packet_id = red_packets.id and s.claimed_by is not null)`;
  const refunded = sql<string>`(select coalesce(sum(s.amount), 0)::text from ${redPacketShares} s where s.packet_id = red_packets.id and s.refunded_at is not null)`;
  const rows = await deps.db
    .select({ p: redPackets, decimals: coins.decimals, code: coins.code, sender: users.nickname, claimedN, claimedSum, refunded })
    .from(redPackets)
    .innerJoin(coins, eq(coins.id, redPackets.coinId))
    .innerJoin(users, eq(users.id, redPackets.senderId))
    .where(and(...conds))
    .orderBy(desc(redPackets.createdAt), desc(redPackets.id))
    .limit(input.limit);
  return {
    packets: rows.map((r) => ({
      packetId: r.p.publicId,
      sender: { id: String(r.p.senderId), nickname: r.sender },
      coin: r.p.coinId,
      code: r.code,
      type: r.p.type,
      count: r.p.count,
      total: fromMinor(r.p.total, r.decimals),
      channelType: r.p.channelType,
      targetId: String(r.p.targetId),
      createdAt: r.p.createdAt,
      expiresAt: r.p.expiresAt,
      refundedAt: r.p.refundedAt,
      claimed: r.claimedN,
      claimedAmount: fromMinor(BigInt(r.claimedSum), r.decimals),
      refundedAmount: fromMinor(BigInt(r.refunded), r.decimals),
    })),
  };
}
