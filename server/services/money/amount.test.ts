// Exact money: the decimal text ↔ minor units round trip for any amount and any number of
// decimal places (fast-check), and the refusals that keep a wrong amount from ever rounding.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../errors/app-error";
import { fromMinor, toMinor } from "./amount";

describe("amounts", () => {
  it("round-trips every amount at every precision", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }), fc.integer({ min: 0, max: 12 }), (units, decimals) => {
        expect(toMinor(fromMinor(units, decimals), decimals)).toBe(units);
      }),
    );
  });

  it("reads what people type, exactly", () => {
    expect(toMinor("12.34", 2)).toBe(1234n);
    expect(toMinor("12.3", 2)).toBe(1230n);
    expect(toMinor("12", 4)).toBe(120000n);
    expect(toMinor("0.0001", 4)).toBe(1n);
    expect(fromMinor(1230n, 2)).toBe("12.30");
    expect(fromMinor(5n, 0)).toBe("5");
    expect(fromMinor(-6n, 2)).toBe("-0.06");
    // 0.1 + 0.2 is not 0.30000000000000004 here
    expect(fromMinor(toMinor("0.1", 2) + toMinor("0.2", 2), 2)).toBe("0.30");
  });

  it("refuses what it cannot take exactly: more places than the coin, negatives, exponents, junk", () => {
    for (const bad of ["1.234", "-1", "1e3", "1.", ".5", "01", "abc", "", "1,5", "Infinity", "NaN"]) {
      expect(() => toMinor(bad, 2), bad).toThrow(AppError);
    }
  });
});
