// Money on the wire is a decimal string ("12.34"), in the database an integer of the coin's
// smallest unit (1234 with 2 decimals). These two functions are the only way between them:
// exact (bigint, no floats), and strict — more decimals than the coin has is an error, never a
// rounding.
import { AppError } from "../../errors/app-error";

const DECIMAL = /^(0|[1-9][0-9]{0,17})(?:\.([0-9]{1,12}))?$/;

/** "12.34" with 2 decimals → 1234n; refuses negatives, exponents, and digits past the coin's */
export function toMinor(text: string, decimals: number): bigint {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new AppError(-1001, `amount: "${text}" is not a plain positive decimal number`);
  const frac = m[2] ?? "";
  if (frac.length > decimals) throw new AppError(-1001, `amount: this coin has ${decimals} decimal places`);
  return BigInt(m[1]) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, "0") || "0");
}

/** 1234n with 2 decimals → "12.34" (trailing zeros kept to the coin's places: "12.30") */
export function fromMinor(units: bigint, decimals: number): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const scale = 10n ** BigInt(decimals);
  const whole = (abs / scale).toString();
  const frac = decimals ? `.${(abs % scale).toString().padStart(decimals, "0")}` : "";
  return `${neg ? "-" : ""}${whole}${frac}`;
}

/** the seed's float `amount` (compat answers): exact for anything a double holds to the coin's places */
export const minorToNumber = (units: bigint, decimals: number) => Number(fromMinor(units, decimals));
