// The wallet's month / year periods: the record's `date`, stepping, and no step past today.
import { describe, expect, it } from "vitest";
import { currentPeriod, isLatest, periodDate, shiftPeriod } from "./wallet-period";

const NOW = new Date(2026, 2, 15); // 15 March 2026, local time

describe("wallet periods", () => {
  it("names a month and a year as redPacket.record wants them", () => {
    expect(periodDate(currentPeriod("month", NOW))).toBe("2026-03");
    expect(periodDate(currentPeriod("year", NOW))).toBe("2026");
  });

  it("steps across year ends", () => {
    const jan = { kind: "month" as const, year: 2026, month: 1 };
    expect(periodDate(shiftPeriod(jan, -1))).toBe("2025-12");
    expect(periodDate(shiftPeriod({ ...jan, month: 12, year: 2025 }, 1))).toBe("2026-01");
    expect(periodDate(shiftPeriod({ kind: "year", year: 2026, month: 3 }, -2))).toBe("2024");
  });

  it("knows the current period is the latest", () => {
    expect(isLatest(currentPeriod("month", NOW), NOW)).toBe(true);
    expect(isLatest(shiftPeriod(currentPeriod("month", NOW), -1), NOW)).toBe(false);
    expect(isLatest({ kind: "year", year: 2026, month: 1 }, NOW)).toBe(true);
    expect(isLatest({ kind: "year", year: 2025, month: 3 }, NOW)).toBe(false);
  });
});
