// The procedures the public red packet page calls (redPacket.info / receive / entry /
// registerEntry, user.sendSms) and the answers it relies on. One place that knows their
// shapes; `packetApi` checks the server's router against them (no cast), as
// app/_lib/member-api.ts does for /chat. The admin portal's packet detail (admin.packet) is the
// same TPacketInfo.
import type { ApiClient } from "../../_lib/trpc";

type Q<I, O> = { query(input: I): Promise<O> };
type M<I, O> = { mutate(input: I): Promise<O> };

/** "open" — shares left; "finished" — all claimed; "expired" — its time is up */
export type PacketState = "open" | "finished" | "expired";

/** one claimed share of a packet */
export interface TPacketClaim {
  userId: string;
  nickname: string;
  avatar: string;
  amount: string;
  claimedAt: number;
  /** the largest share of a lucky packet, once all are claimed */
  best: boolean;
}

/** redPacket.info / admin.packet: a packet, what is left of it, every claim (amounts are exact decimal strings) */
export interface TPacketInfo {
  packetId: string;
  packetUrl: string;
  sender: { id: string; nickname: string; avatar: string };
  coin: number;
  code: string;
  decimals: number;
  /** 1 lucky (random shares), 2 equal shares */
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
  /** the signed-in viewer's share, if they have one */
  mine: string | null;
  /** what a signed-in viewer may do (this page claims by link and does not need it) */
  viewerCan?: { claim: boolean };
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
  redPacket: {
    info: Q<{ packetId: string }, TPacketInfo>;
    receive: M<{ packet_id: string }, TGrab>;
    entry: M<{ mark: string; account: string }, TEntry>;
    registerEntry: M<{ mark: string; account: string; password: string; captcha: string; nickname?: string }, TRegisterEntry>;
  };
  user: {
    sendSms: M<{ mobile: string }, unknown>;
  };
}

/** The same tRPC client, seen through these shapes: a server that stops answering them is a type error here. */
export function packetApi(api: ApiClient): PacketRouter {
  return api;
}
