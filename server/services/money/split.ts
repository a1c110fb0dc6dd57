// Cutting a red packet into shares when it is sent (the shares are rows from then on; claiming
// takes the next free one). Integer minor units only: no share is ever 0 or negative and they
// add up to the total — the database checks it again at commit (migration 0013).
import { randomInt } from "node:crypto";
import { AppError } from "../../errors/app-error";

/** draws an integer in [min, max] (inclusive); crypto by default, a seeded one in tests */
export type Draw = (min: bigint, max: bigint) => bigint;

const cryptoDraw: Draw = (min, max) => {
  const span = max - min + 1n;
  if (span < 2n ** 48n) return min + BigInt(randomInt(0, Number(span)));
  // wider than randomInt takes (< 2^48): compose 32-bit draws, 8 bits more than the span (bias < 1/256 of a unit's odds)
  let r = 0n;
  for (let bits = 0n; 1n << bits < span * 256n; bits += 32n) r = (r << 32n) | BigInt(randomInt(0, 2 ** 32));
  return min + (r % span);
};

/**
 * Refusals before anything is written: a count of at least 1 and at most `maxCount`, and a
 * total that gives every share at least one unit (equal: exactly divisible).
 */
export function checkSplit(type: "lucky" | "equal", total: bigint, count: number, maxCount: number): void {
  if (!Number.isInteger(count) || count < 1) throw new AppError(-1001, "count: at least 1 share");
  if (count > maxCount) throw new AppError(-1001, `count: at most ${maxCount} shares`);
  if (total < BigInt(count)) throw new AppError(-1001, "total: every share needs at least the coin's smallest unit");
  if (type === "equal" && total % BigInt(count) !== 0n) throw new AppError(-1001, "total: an equal packet's total must divide into its count exactly");
}

/** every share the same: total ÷ count, exactly (checkSplit refused a remainder) */
export function splitEqual(total: bigint, count: number): bigint[] {
  return Array.from({ length: count }, () => total / BigInt(count));
}

/**
 * The "double mean" method: each share uniform in [1, 2 × remaining ÷ shares left], the last
 * takes the rest. Every draw leaves at least one unit for each share still to come, so no share
 * is below 1 unit and the sum is the total by construction.
 */
export function splitLucky(total: bigint, count: number, draw: Draw = cryptoDraw): bigint[] {
  const shares: bigint[] = [];
  let remaining = total;
  for (let left = count; left > 1; left--) {
    const mean2 = (2n * remaining) / BigInt(left);
    // leave one unit for each of the other `left - 1` shares
    const max = mean2 < remaining - BigInt(left - 1) ? mean2 : remaining - BigInt(left - 1);
    const share = max <= 1n ? 1n : draw(1n, max);
    shares.push(share);
    remaining -= share;
  }
  shares.push(remaining);
  return shares;
}

export function split(type: "lucky" | "equal", total: bigint, count: number, maxCount: number, draw?: Draw): bigint[] {
  checkSplit(type, total, count, maxCount);
  return type === "equal" ? splitEqual(total, count) : splitLucky(total, count, draw);
}
