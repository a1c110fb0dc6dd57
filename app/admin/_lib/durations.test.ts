import { describe, expect, it } from "vitest";
import { DAY_MS, durationOf, HOUR_MS, isMutedAt, MAX_MUTE_MS, MINUTE_MS, remainingParts } from "./durations";

describe("durationOf", () => {
  it("the presets are 10 minutes, an hour and a day", () => {
    expect(durationOf({ kind: "preset", preset: "10m" })).toEqual({ ok: true, ms: 10 * MINUTE_MS });
    expect(durationOf({ kind: "preset", preset: "1h" })).toEqual({ ok: true, ms: HOUR_MS });
    expect(durationOf({ kind: "preset", preset: "1d" })).toEqual({ ok: true, ms: DAY_MS });
  });

  it("a custom amount in minutes, hours or days", () => {
    expect(durationOf({ kind: "custom", amount: "45", unit: "minutes" })).toEqual({ ok: true, ms: 45 * MINUTE_MS });
    expect(durationOf({ kind: "custom", amount: " 3 ", unit: "hours" })).toEqual({ ok: true, ms: 3 * HOUR_MS });
    expect(durationOf({ kind: "custom", amount: "7", unit: "days" })).toEqual({ ok: true, ms: 7 * DAY_MS });
  });

  it("refuses what is not a positive whole number, and more than the server's year", () => {
    expect(durationOf({ kind: "custom", amount: "", unit: "days" })).toEqual({ ok: false, why: "empty" });
    for (const amount of ["0", "-1", "1.5", "abc", "1e3"]) expect(durationOf({ kind: "custom", amount, unit: "hours" })).toEqual({ ok: false, why: "invalid" });
    expect(durationOf({ kind: "custom", amount: "365", unit: "days" })).toEqual({ ok: true, ms: MAX_MUTE_MS });
    expect(durationOf({ kind: "custom", amount: "366", unit: "days" })).toEqual({ ok: false, why: "tooLong" });
  });
});

describe("isMutedAt / remainingParts", () => {
  const now = 1_700_000_000_000;
  it("a mute runs until its end; none, 0 and a past end are not muted", () => {
    expect(isMutedAt(now + 1, now)).toBe(true);
    expect(isMutedAt(now, now)).toBe(false);
    expect(isMutedAt(0, now)).toBe(false);
    expect(isMutedAt(null, now)).toBe(false);
  });

  it("says what is left in at most two units, largest first", () => {
    expect(remainingParts(now + DAY_MS + 3 * HOUR_MS + 20 * MINUTE_MS, now)).toEqual([
      [1, "day"],
      [3, "hour"],
    ]);
    expect(remainingParts(now + 2 * HOUR_MS + 5 * MINUTE_MS, now)).toEqual([
      [2, "hour"],
      [5, "minute"],
    ]);
    expect(remainingParts(now + HOUR_MS, now)).toEqual([[1, "hour"]]);
    expect(remainingParts(now + 10 * MINUTE_MS, now)).toEqual([[10, "minute"]]);
    expect(remainingParts(now + 10 * MINUTE_MS + 9_000, now)).toEqual([[10, "minute"]]);
    expect(remainingParts(now + 9 * MINUTE_MS + 40_000, now)).toEqual([[10, "minute"]]);
    expect(remainingParts(now + 2 * HOUR_MS - 3_000, now)).toEqual([[2, "hour"]]);
    expect(remainingParts(now + DAY_MS, now)).toEqual([[1, "day"]]);
    expect(remainingParts(now + 40_000, now)).toEqual([[40, "second"]]);
    expect(remainingParts(now - 5, now)).toEqual([[0, "second"]]);
  });
});
