// The "send a red packet" form without React: what was typed → what redPacket.send gets, or
// why not yet. Lucky packets: the person types the total; equal ones: the amount of each share
// and the count, and the total is each × count — exact (bigint minor units, app/_lib/decimal.ts).
// The server checks everything again; these checks only say it sooner, next to the field.
import { fromUnits, toUnits } from "./decimal";
import { PACKET_EQUAL, PACKET_LUCKY, type TBalance } from "./packet-api";

/** the greeting's longest (the router's ZSafeText.max(60)) */
export const GREETING_MAX = 60;

export interface PacketDraft {
  coin: number | null;
  type: typeof PACKET_LUCKY | typeof PACKET_EQUAL;
  /** as typed */
  count: string;
  /** lucky: the whole packet; equal: one share */
  amount: string;
  greeting: string;
  newMembersOnly: boolean;
}

export type DraftField = "coin" | "count" | "amount" | "greeting";
/** why a field is not right yet: an i18n key's last part (packet.problem.<why>) */
export type DraftWhy = "noCoin" | "count" | "amount" | "places" | "tooSmall" | "balance" | "greeting";

export interface DraftCheck {
  /** the whole packet in the coin's places, once it can be said */
  total: string | null;
  problems: Partial<Record<DraftField, DraftWhy>>;
  ok: boolean;
}

const COUNT = /^[1-9][0-9]{0,6}$/;

export function emptyDraft(coin: number | null, count = ""): PacketDraft {
  return { coin, type: PACKET_LUCKY, count, amount: "", greeting: "", newMembersOnly: false };
}

/** the count as a number, or null until it is a whole number of at least 1 */
export function countOf(d: Pick<PacketDraft, "count">): number | null {
  const s = d.count.trim();
  return COUNT.test(s) ? Number(s) : null;
}

/** the packet's total: lucky — what was typed; equal — each × count (null until both are numbers) */
export function totalOf(d: Pick<PacketDraft, "type" | "count" | "amount">, decimals: number): bigint | null {
  const units = toUnits(d.amount, decimals);
  if (units === null) return null;
  if (d.type === PACKET_LUCKY) return units;
  const n = countOf(d);
  return n === null ? null : units * BigInt(n);
}

/**
 * Is the draft sendable? Empty fields are not yet problems (`touched` says which to judge):
 * a form that opens does not greet the person with red text.
 */
export function checkDraft(d: PacketDraft, coin: TBalance | undefined, touched: Partial<Record<DraftField, boolean>> = {}): DraftCheck {
  const problems: DraftCheck["problems"] = {};
  const judge = (f: DraftField, blank: boolean) => touched[f] || !blank;
  if (!coin) problems.coin = "noCoin";
  const n = countOf(d);
  if (n === null && judge("count", !d.count.trim())) problems.count = "count";
  let total: bigint | null = null;
  if (coin) {
    const units = toUnits(d.amount, coin.decimals);
    if (units === null) {
      if (judge("amount", !d.amount.trim())) problems.amount = toUnits(d.amount, 18) !== null ? "places" : "amount";
    } else if (units === 0n) problems.amount = "amount";
    else {
      total = totalOf(d, coin.decimals);
      // every share at least the coin's smallest unit (a lucky total spread over the count)
      if (total !== null && n !== null && total < BigInt(n)) problems.amount = "tooSmall";
      else if (total !== null) {
        const held = toUnits(coin.amount, coin.decimals);
        if (held !== null && total > held) problems.amount = "balance";
      }
    }
  }
  if (d.greeting.trim().length > GREETING_MAX) problems.greeting = "greeting";
  const ok = !!coin && n !== null && total !== null && total > 0n && Object.keys(problems).length === 0;
  return { total: coin && total !== null ? fromUnits(total, coin.decimals) : null, problems, ok };
}

/** what redPacket.send gets for a draft that checked ok */
export function sendInput(d: PacketDraft, coin: TBalance, target: { channelType: number; targetId: string }, msgId: string) {
  const total = totalOf(d, coin.decimals);
  const count = countOf(d);
  if (total === null || count === null) throw new Error("the draft is not complete");
  const greeting = d.greeting.trim();
  return {
    msgId,
    channelType: target.channelType,
    targetId: target.targetId,
    coin: coin.coin,
    type: d.type,
    count,
    total: fromUnits(total, coin.decimals),
    ...(greeting ? { greeting } : {}),
    newMembersOnly: d.newMembersOnly,
  };
}
