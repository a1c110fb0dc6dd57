// Money as the admin pages read and write it: exact decimal strings in a coin's units, turned
// into whole numbers of its smallest unit (bigint) for any sum — never floats. The rules mirror
// server/services/money/amount.ts, so an amount that passes here is one the server takes.
import type { UiLocale } from "../../_lib/i18n";
import type { LedgerKind, TCoinTotals } from "./money-api";

const DECIMAL = /^(0|[1-9][0-9]{0,17})(?:\.([0-9]{1,12}))?$/;
const SIGNED = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/** "12.34" (2 decimals) → 1234n; a signed server amount ("-5.00") too. Throws on anything else. */
export function toUnits(text: string, decimals: number): bigint {
  const m = SIGNED.exec(text.trim());
  if (!m) throw new Error(`not a decimal amount: ${text}`);
  const frac = (m[3] ?? "").padEnd(decimals, "0");
  if (frac.length > decimals) throw new Error(`more than ${decimals} decimal places: ${text}`);
  const units = BigInt(m[2]) * 10n ** BigInt(decimals) + BigInt(frac || "0");
  return m[1] ? -units : units;
}

/** 1234n (2 decimals) → "12.34"; the coin's places always shown */
export function fromUnits(units: bigint, decimals: number): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const scale = 10n ** BigInt(decimals);
  const frac = decimals ? `.${(abs % scale).toString().padStart(decimals, "0")}` : "";
  return `${neg ? "-" : ""}${(abs / scale).toString()}${frac}`;
}

export type AmountCheck = { ok: true; amount: string; units: bigint } | { ok: false; why: "empty" | "invalid" | "zero" | "tooPrecise" };

/** what an admin typed as an amount to credit or debit: a plain positive decimal with at most the coin's places */
export function checkAmount(raw: string, decimals: number): AmountCheck {
  const text = raw.trim();
  if (!text) return { ok: false, why: "empty" };
  const m = DECIMAL.exec(text);
  if (!m) return { ok: false, why: "invalid" };
  if ((m[2] ?? "").length > decimals) return { ok: false, why: "tooPrecise" };
  const units = toUnits(text, decimals);
  if (units === 0n) return { ok: false, why: "zero" };
  return { ok: true, amount: fromUnits(units, decimals), units };
}

/** the balance after a credit or debit of `units` (what the confirmation shows; negative: the server will refuse) */
export function balanceAfter(current: string, units: bigint, direction: "credit" | "debit", decimals: number): { amount: string; isNegative: boolean } {
  const after = toUnits(current, decimals) + (direction === "credit" ? units : -units);
  return { amount: fromUnits(after, decimals), isNegative: after < 0n };
}

/**
 * The equation the totals page shows, worked out again here from the parts: the sum of
 * balances = credited − debited − sent + claimed + refunded. `holds` is this side's verdict;
 * the server's own (`reconciles`) is shown beside it, and both must hold for a ✓.
 */
export function reconciliation(t: TCoinTotals): { expected: string; holds: boolean; ok: boolean } {
  const u = (s: string) => toUnits(s, t.decimals);
  const expected = u(t.credited) - u(t.debited) - u(t.packetsSent) + u(t.packetsClaimed) + u(t.packetsRefunded);
  const holds = expected === u(t.balances);
  return { expected: fromUnits(expected, t.decimals), holds, ok: holds && t.reconciles };
}

/** digit groups by the reader's language, decimals exactly as given ("1234567.50" → "1,234,567.50") */
export function formatAmount(amount: string, locale: UiLocale): string {
  const m = SIGNED.exec(amount.trim());
  if (!m) return amount;
  const whole = new Intl.NumberFormat(locale, { useGrouping: true }).format(BigInt(m[2]));
  return `${m[1] ? "−" : ""}${whole}${m[3] !== undefined ? `.${m[3]}` : ""}`;
}

/** a ledger amount with its sign always shown: "+5.00" in, "−5.00" out (a real minus sign) */
export function signedAmount(amount: string, locale: UiLocale): { text: string; isIn: boolean } {
  const isOut = amount.trim().startsWith("-");
  const digits = formatAmount(isOut ? amount.trim().slice(1) : amount, locale);
  const isZero = !/[1-9]/.test(amount);
  return { text: isZero ? digits : `${isOut ? "−" : "+"}${digits}`, isIn: !isOut };
}

/** the words for a ledger row's kind */
export const LEDGER_KIND_KEYS = {
  credit: "money.kind.credit",
  debit: "money.kind.debit",
  packet_send: "money.kind.packet_send",
  packet_claim: "money.kind.packet_claim",
  packet_refund: "money.kind.packet_refund",
} as const satisfies Record<LedgerKind, string>;

/** where a packet was sent: channelType 1 chat room, 2 group, 3 friend chat */
export const CHANNEL_KEYS = { 1: "money.channel.room", 2: "money.channel.group", 3: "money.channel.friend" } as const;
export const channelKey = (channelType: number) => CHANNEL_KEYS[channelType as 1 | 2 | 3] ?? "money.channel.other";

/** a packet's state from its list row (the detail answers `state` itself) */
export function packetRowState(p: { count: number; claimed: number; expiresAt: number; refundedAt: number | null }, now: number): "open" | "finished" | "expired" {
  if (p.claimed >= p.count) return "finished";
  if (p.refundedAt !== null || now >= p.expiresAt) return "expired";
  return "open";
}
