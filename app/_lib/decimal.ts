// Money in the browser: exact decimal strings ("12.34"), never floats. The server speaks the
// same strings (server/services/money/amount.ts); here they become integers of the coin's
// smallest unit (bigint) to add, multiply and compare, and strings again to send or show.

/** what a person may type as an amount: digits, at most one point (no signs, no exponents) */
const TYPED = /^(\d{1,18})(?:\.(\d*))?$|^\.(\d+)$/;

/** "12.34" with 4 places → 123400n; null when it is not a plain amount or has more places than the coin */
export function toUnits(text: string, decimals: number): bigint | null {
  const m = TYPED.exec(text.trim());
  if (!m) return null;
  const whole = m[1] ?? "0";
  const frac = m[2] ?? m[3] ?? "";
  if (frac.length > decimals) return null;
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
}

/** 123400n with 4 places → "12.3400" (the server's shape: every place of the coin) */
export function fromUnits(units: bigint, decimals: number): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const scale = 10n ** BigInt(decimals);
  const frac = decimals > 0 ? `.${(abs % scale).toString().padStart(decimals, "0")}` : "";
  return `${neg ? "-" : ""}${(abs / scale).toString()}${frac}`;
}

/**
 * What a person reads (the value is unchanged): trailing zeros go, but never below two places —
 * money reads "3.40", not "3.4", and amounts in a column line up: "12.3400" → "12.34",
 * "5.0000" → "5.00", "0.1230" → "0.123". A coin with fewer places keeps its own ("7", "3.4").
 */
export function trimAmount(text: string): string {
  const dot = text.indexOf(".");
  if (dot < 0) return text;
  const keep = dot + 3; // the point and two places
  let end = text.length;
  while (end > keep && text[end - 1] === "0") end--;
  return text.slice(0, end);
}

/** each × count, exactly, in the coin's places ("0.1" × 3 = "0.3000"); null when `each` is not an amount */
export function multiplyAmount(each: string, count: number, decimals: number): string | null {
  const units = toUnits(each, decimals);
  if (units === null || !Number.isSafeInteger(count) || count < 0) return null;
  return fromUnits(units * BigInt(count), decimals);
}

/** a − b for two amounts of one coin, or null when either is not one */
export function compareAmount(a: string, b: string, decimals: number): -1 | 0 | 1 | null {
  const x = toUnits(a, decimals);
  const y = toUnits(b, decimals);
  if (x === null || y === null) return null;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** the places of an amount string the server sent ("1.2000" → 4), for coins we know nothing else of */
export const placesOf = (text: string) => (text.includes(".") ? text.length - text.indexOf(".") - 1 : 0);
