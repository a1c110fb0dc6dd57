// The red-packet procedures /chat calls (tRPC `redPacket.*`, server/api/routers/red-packet.ts)
// and the answers it relies on. Like member-api.ts: one place that knows their shapes, checked
// against the server's router without a cast (packetApi, below). Amounts are exact decimal
// strings in the coin's places ("12.3400"); app/_lib/decimal.ts does the arithmetic.
import type { StoredEntry } from "./conversation-store";
import type { ApiClient } from "./trpc";

type Q<I, O> = { query(input: I): Promise<O> };
type M<I, O> = { mutate(input: I): Promise<O> };

/** 1 lucky (random shares), 2 equal */
export const PACKET_LUCKY = 1 as const;
export const PACKET_EQUAL = 2 as const;

/** the msgType 4 message's msg */
export interface TPacketMsg {
  coin: number;
  packetId: string;
  packetType: number;
  packetUrl: string;
  greeting: string;
}

export interface TCoin {
  coin: number;
  code: string;
  name: string;
  decimals: number;
}

export interface TBalance extends TCoin {
  amount: string;
}

export interface TPacketClaim {
  userId: string;
  nickname: string;
  avatar: string;
  amount: string;
  claimedAt: number;
  /** the largest share of a lucky packet, once all are claimed */
  best: boolean;
}

/** "open" — shares left; "finished" — all claimed; "expired" — its time is up */
export type PacketState = "open" | "finished" | "expired";

/** redPacket.info, and admin.packet in the portal: a packet, what is left of it, every claim */
export interface TPacketInfo {
  packetId: string;
  packetUrl: string;
  sender: { id: string; nickname: string; avatar: string };
  coin: number;
  code: string;
  decimals: number;
  type: number;
  count: number;
  total: string;
  greeting: string;
  newMembersOnly: boolean;
  createdAt: number;
  expiresAt: number;
  state: PacketState;
  remain: number;
  claimedAmount: string;
  refundedAmount: string;
  refundedAt: number | null;
  finishedAt: number | null;
  claims: TPacketClaim[];
  /** my share, if I have one */
  mine: string | null;
  /** what I may do now, as the server decides it */
  viewerCan: { claim: boolean };
}

export interface TSendPacketInput {
  msgId?: string;
  channelType: number;
  targetId: string;
  coin: number;
  type: number;
  count: number;
  total: string;
  greeting?: string;
  newMembersOnly?: boolean;
}

export interface TReceiveRow {
  red_packet_id: string;
  type: number;
  amount: string;
  receive_time: number;
  coin: number;
  /** the sender's nickname */
  username: string;
}

export interface TSendRow {
  red_packet_id: string;
  type: number;
  amount: string;
  send_time: number;
  coin: number;
  count: number;
  claimed: number;
  refunded: string;
}

/** redPacket.record: a month ("2026-03") or a year ("2026"), in my time zone */
export interface TPacketRecord {
  receive_num: number;
  receive_amount: string;
  send_num: number;
  send_amount: string;
  coin: number;
  receive: TReceiveRow[];
  send: TSendRow[];
}

/** redPacket.receive: a share grabbed by link, held under `mark` for entry */
export interface TGrab {
  mark: string;
  amount: string;
  total: number;
  remain: number;
  coin: number;
  packetId: string;
}

/** redPacket.entry: 1 — credited to that number's account; 2 — no account: register first (the mark still holds the share) */
export interface TEntry {
  packet_id: string;
  amount: string;
  coin: number;
  mark: string;
  recv_type: 1 | 2;
  message: string;
}

export interface TRegisterEntry {
  packet_id: string;
  amount: string;
  mobile: string;
  coin: number;
  uid: string;
}

export interface PacketRouter {
  balance: { query(): Promise<{ balances: TBalance[] }> };
  coins: { query(): Promise<{ coins: TCoin[] }> };
  send: M<TSendPacketInput, { packetId: string; packetUrl: string; coin: number; total: string; count: number; entry: StoredEntry }>;
  receiveEntry: M<{ packet_id: string }, { amount: string; total: number; remain: number; coin: number }>;
  info: Q<{ packetId: string }, TPacketInfo>;
  record: Q<{ date: string; coin?: number; tzOffsetMinutes?: number }, TPacketRecord>;
  /** by link, without an account (the public /packets/<id> page) */
  receive: M<{ packet_id: string }, TGrab>;
  entry: M<{ mark: string; account: string }, TEntry>;
  registerEntry: M<{ mark: string; account: string; password: string; captcha: string; nickname?: string }, TRegisterEntry>;
}

/** The server's `redPacket` router seen through these shapes (no cast: a mismatch is a type error). */
export function packetApi(api: ApiClient): PacketRouter {
  return api.redPacket;
}

/** the msgType 4 message's msg, or null when it is not one (a recalled copy, another type) */
export function packetMsgOf(it: { msgType: number; msg: Record<string, unknown> }): TPacketMsg | null {
  if (it.msgType !== 4) return null;
  const m = it.msg;
  if (typeof m.packetId !== "string" || !m.packetId) return null;
  return {
    packetId: m.packetId,
    coin: Number(m.coin) || 0,
    packetType: Number(m.packetType) || PACKET_LUCKY,
    packetUrl: typeof m.packetUrl === "string" ? m.packetUrl : "",
    greeting: typeof m.greeting === "string" ? m.greeting : "",
  };
}
