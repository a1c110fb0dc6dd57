import { describe, expect, it } from "vitest";
import { Histogram } from "./histogram";

describe("Histogram", () => {
  it("gives quantiles within 1 % of the exact ones over six orders of magnitude", () => {
    const h = new Histogram();
    const values: number[] = [];
    let x = 12345;
    for (let i = 0; i < 100_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31; // deterministic spread, 1 µs … ~2 s
      const v = Math.floor(Math.exp((x / 2 ** 31) * Math.log(2_000_000))) + 1;
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) {
      const exact = values[Math.ceil(q * values.length) - 1];
      const got = h.quantile(q);
      expect(Math.abs(got - exact) / exact).toBeLessThan(0.01);
    }
    expect(h.max).toBe(values[values.length - 1]);
    expect(h.count).toBe(100_000);
  });

  it("is exact for small values and merges counts", () => {
    const a = new Histogram();
    const b = new Histogram();
    for (let i = 1; i <= 100; i++) (i % 2 ? a : b).record(i);
    a.merge(b);
    expect(a.count).toBe(100);
    expect(a.quantile(0.5)).toBe(50);
    expect(a.quantile(0.99)).toBe(99);
    expect(a.quantile(1)).toBe(100);
    expect(a.summary().p50).toBe(0.05);
  });

  it("clamps absurd values instead of throwing", () => {
    const h = new Histogram();
    h.record(1e13);
    expect(h.count).toBe(1);
    expect(h.quantile(0.5)).toBeGreaterThan(2 ** 31);
  });
});
