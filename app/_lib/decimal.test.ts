// Exact amounts: strings ↔ minor units, each × count without floats, and what is refused.
import { describe, expect, it } from "vitest";
import { compareAmount, fromUnits, multiplyAmount, placesOf, toUnits, trimAmount } from "./decimal";

describe("toUnits / fromUnits", () => {
  it("reads plain amounts in the coin's places", () => {
    expect(toUnits("12.34", 4)).toBe(123400n);
    expect(toUnits("12", 4)).toBe(120000n);
    expect(toUnits("12.", 4)).toBe(120000n);
    expect(toUnits(".5", 2)).toBe(50n);
    expect(toUnits(" 0.0001 ", 4)).toBe(1n);
    expect(toUnits("7", 0)).toBe(7n);
  });

  it("refuses what is not a plain amount, or has more places than the coin", () => {
    for (const bad of ["", "-1", "1e3", "1,5", "abc", "1.2.3", "+1", "0x10", "."]) expect(toUnits(bad, 4)).toBeNull();
    expect(toUnits("0.00001", 4)).toBeNull();
    expect(toUnits("1.5", 0)).toBeNull();
  });

  it("writes every place of the coin back", () => {
    expect(fromUnits(123400n, 4)).toBe("12.3400");
    expect(fromUnits(1n, 4)).toBe("0.0001");
    expect(fromUnits(0n, 2)).toBe("0.00");
    expect(fromUnits(-5n, 2)).toBe("-0.05");
    expect(fromUnits(42n, 0)).toBe("42");
  });

  it("round-trips amounts far beyond a double's exact range", () => {
    const big = "123456789012345678.1234";
    expect(fromUnits(toUnits(big, 4)!, 4)).toBe(big);
  });
});

describe("multiplyAmount (an equal packet's total)", () => {
  it("is exact where floats are not", () => {
    expect(0.1 * 3).not.toBe(0.3); // why this file exists
    expect(multiplyAmount("0.1", 3, 4)).toBe("0.3000");
    expect(multiplyAmount("0.07", 100, 2)).toBe("7.00");
    expect(multiplyAmount("1.0001", 9999, 4)).toBe("9999.9999");
    expect(multiplyAmount("999999999999.9999", 1000, 4)).toBe("999999999999999.9000");
  });

  it("says nothing for what is not an amount or a count", () => {
    expect(multiplyAmount("abc", 3, 4)).toBeNull();
    expect(multiplyAmount("1.00001", 3, 4)).toBeNull();
    expect(multiplyAmount("1", -1, 4)).toBeNull();
    expect(multiplyAmount("1", 1.5, 4)).toBeNull();
  });
});

describe("the rest", () => {
  it("trims trailing zeros for reading", () => {
    expect(trimAmount("12.3400")).toBe("12.34");
    expect(trimAmount("5.0000")).toBe("5.00");
    expect(trimAmount("3.4000")).toBe("3.40");
    expect(trimAmount("0.1230")).toBe("0.123");
    expect(trimAmount("0.00012345")).toBe("0.00012345");
    expect(trimAmount("100")).toBe("100");
    expect(trimAmount("3.4")).toBe("3.4");
    expect(trimAmount("0.0000")).toBe("0.00");
  });

  it("compares and counts places", () => {
    expect(compareAmount("1.5", "1.50", 2)).toBe(0);
    expect(compareAmount("1.49", "1.5", 2)).toBe(-1);
    expect(compareAmount("10", "9.99", 2)).toBe(1);
    expect(compareAmount("x", "1", 2)).toBeNull();
    expect(placesOf("1.2000")).toBe(4);
    expect(placesOf("12")).toBe(0);
  });
});
