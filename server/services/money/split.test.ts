// Shares of a red packet over random totals and counts (fast-check): every share at least one
// unit, the sum exactly the total — the class of mistake where an equal split rounded 0.06 × 17
// and left the last share at −0.02 — and refusals for what cannot be split.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../errors/app-error";
import { split, splitLucky, type Draw } from "./split";

const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);

describe("red packet shares", () => {
  it("lucky: every share ≥ 1 unit and they add up to the total, for any total and count", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }).chain((count) => fc.tuple(fc.constant(count), fc.bigInt({ min: BigInt(count), max: 10n ** 15n }))),
        ([count, total]) => {
          const shares = split("lucky", total, count, 1000);
          expect(shares).toHaveLength(count);
          expect(shares.every((s) => s >= 1n)).toBe(true);
          expect(sum(shares)).toBe(total);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("lucky: holds at the edges of every draw — always the least, always the most", () => {
    const least: Draw = (min) => min;
    const most: Draw = (_min, max) => max;
    for (const draw of [least, most]) {
      for (const [total, count] of [[17n, 17], [18n, 17], [1000n, 3], [10n ** 18n, 1000], [6n, 17 * 0 + 6]] as const) {
        const shares = splitLucky(total, count, draw);
        expect(sum(shares)).toBe(total);
        expect(Math.min(...shares.map(Number))).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it("lucky: each share stays within twice the mean of what was left", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.bigInt({ min: 1000n, max: 10n ** 9n }), (count, total) => {
        fc.pre(total >= BigInt(count));
        const shares = split("lucky", total, count, 1000);
        let remaining = total;
        shares.slice(0, -1).forEach((s, i) => {
          expect(s).toBeLessThanOrEqual((2n * remaining) / BigInt(count - i) > 1n ? (2n * remaining) / BigInt(count - i) : 1n);
          remaining -= s;
        });
      }),
      { numRuns: 100 },
    );
  });

  it("equal: the same share for everyone, summing exactly; 0.06 × 17 units is 1.02, never a −0.02 last share", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (count, each) => {
        const shares = split("equal", each * BigInt(count), count, 1000);
        expect(new Set(shares.map(String))).toEqual(new Set([String(each)]));
        expect(sum(shares)).toBe(each * BigInt(count));
      }),
    );
    // 17 shares of 0.06 (2 decimals) is a total of 102 units: 6 each, nothing left over
    expect(split("equal", 102n, 17, 1000)).toEqual(Array(17).fill(6n));
  });

  it("refuses what cannot be split, with the reason", () => {
    const refuse = (f: () => unknown, text: RegExp) => {
      try {
        f();
        throw new Error("expected a refusal");
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe(-1001);
        expect((err as AppError).message).toMatch(text);
      }
    };
    refuse(() => split("lucky", 10n, 0, 1000), /at least 1/);
    refuse(() => split("lucky", 10n, 1001, 1000), /at most 1000/);
    refuse(() => split("lucky", 16n, 17, 1000), /smallest unit/);
    refuse(() => split("equal", 100n, 17, 1000), /divide/);
  });
});
