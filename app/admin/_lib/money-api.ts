// The answers of the money procedures the portal calls (admin.coinTotals, balances, ledger,
// credit, debit, packets, packet). Amounts are exact decimal strings in the coin's units, never
// floats. admin-api.ts's AdminRouter lists the procedures with these shapes, and `adminApi`
// checks the server's router against them.
import type { TPacketInfo } from "../../_lib/packet-api";

export type { TPacketInfo };

type Q<I, O> = { query(input: I): Promise<O> };
type M<I, O> = { mutate(input: I): Promise<O> };

export type LedgerKind = "credit" | "debit" | "packet_send" | "packet_claim" | "packet_refund";

/** admin.coinTotals row: what the ledger adds up to for one coin (every amount ≥ 0 but `balances`/`ledger`) */
export interface TCoinTotals {
  coin: number;
  code: string;
  name: string;
  decimals: number;
  /** members holding more than 0 */
  holders: number;
  /** the sum of every balance */
  balances: string;
  credited: string;
  debited: string;
  packetsSent: string;
  packetsClaimed: string;
  packetsRefunded: string;
  /** what unexpired packets still hold: sent − claimed − refunded */
  inPackets: string;
  /** the ledger's sum: credited − debited − sent + claimed + refunded */
  ledger: string;
  reconciles: boolean;
}

/** admin.balances row: one member's balance of one coin */
export interface TBalanceRow {
  userId: string;
  nickname: string;
  mobile: string;
  coin: number;
  code: string;
  amount: string;
}

/** admin.ledger row: one change of a balance, newest first */
export interface TLedgerEntry {
  id: string;
  coin: number;
  code: string;
  kind: LedgerKind;
  /** signed: "-5.00" for a debit or a packet sent */
  amount: string;
  reason: string;
  /** the admin who did it (credit, debit) */
  by: string | null;
  packetId: string | null;
  createdAt: number;
}

export interface TMemberBalance {
  coin: number;
  code: string;
  name: string;
  decimals: number;
  amount: string;
}

export interface TLedgerPage {
  entries: TLedgerEntry[];
  /** ask again with beforeId for the next (older) page; null: that was all */
  nextBeforeId: number | null;
  /** the member's balance of every coin */
  balances: TMemberBalance[];
}

/** admin.packets row */
export interface TPacketRow {
  packetId: string;
  sender: { id: string; nickname: string };
  coin: number;
  code: string;
  type: number;
  count: number;
  total: string;
  /** 1 chat room, 2 group, 3 friend chat */
  channelType: number;
  targetId: string;
  createdAt: number;
  expiresAt: number;
  refundedAt: number | null;
  claimed: number;
  claimedAmount: string;
  refundedAmount: string;
}

export type TMoneyInput = { userId: string; coin: number; amount: string; reason: string };

/** the money procedures, as AdminRouter's `admin` has them */
export interface MoneyAdminProcedures {
  coinTotals: { query(): Promise<{ coins: TCoinTotals[] }> };
  balances: Q<{ coin?: number; query?: string; page: number; number: number }, { balances: TBalanceRow[] }>;
  ledger: Q<{ userId: string; coin?: number; beforeId?: number; number?: number }, TLedgerPage>;
  credit: M<TMoneyInput, { coin: number; balance: string }>;
  debit: M<TMoneyInput, { coin: number; balance: string }>;
  packets: Q<{ senderId?: string; before?: number; number: number }, { packets: TPacketRow[] }>;
  packet: Q<{ packetId: string }, TPacketInfo>;
}
