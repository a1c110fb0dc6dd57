// How long a mute lasts: the presets every mute offers (10 min, 1 h, 1 day), a custom amount
// in minutes, hours or days, and what the server takes (a duration in ms; 0 lifts a mute).
// Pure functions: the mute dialog and its tests use them alike.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** user.muted takes at most a year (server/api/routers/user.ts); the pickers stop there too */
export const MAX_MUTE_MS = 365 * DAY_MS;

export type MutePreset = "10m" | "1h" | "1d";
export const MUTE_PRESETS: readonly { key: MutePreset; ms: number }[] = [
  { key: "10m", ms: 10 * MINUTE_MS },
  { key: "1h", ms: HOUR_MS },
  { key: "1d", ms: DAY_MS },
];

export type DurationUnit = "minutes" | "hours" | "days";
export const DURATION_UNITS: readonly DurationUnit[] = ["minutes", "hours", "days"];
const UNIT_MS: Record<DurationUnit, number> = { minutes: MINUTE_MS, hours: HOUR_MS, days: DAY_MS };

export type DurationChoice = { kind: "preset"; preset: MutePreset } | { kind: "custom"; amount: string; unit: DurationUnit };

/** the duration a choice means, or why not: "empty", "invalid" (not a positive whole number), "tooLong" */
export function durationOf(choice: DurationChoice): { ok: true; ms: number } | { ok: false; why: "empty" | "invalid" | "tooLong" } {
  if (choice.kind === "preset") return { ok: true, ms: MUTE_PRESETS.find((p) => p.key === choice.preset)!.ms };
  const raw = choice.amount.trim();
  if (!raw) return { ok: false, why: "empty" };
  if (!/^\d+$/.test(raw)) return { ok: false, why: "invalid" };
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) return { ok: false, why: "invalid" };
  const ms = n * UNIT_MS[choice.unit];
  if (ms > MAX_MUTE_MS) return { ok: false, why: "tooLong" };
  return { ok: true, ms };
}

/** a mute's end as the server gave it: still running at `now`? (0 / null: not muted) */
export function isMutedAt(mutedUntil: number | null | undefined, now: number): boolean {
  return typeof mutedUntil === "number" && mutedUntil > now;
}

/**
 * What is left of a mute, largest unit first, for "ends in …": [amount, unit] pairs such as
 * [[1, "day"], [3, "hour"]] — two units at most, whole minutes to the nearest (a 10-minute mute
 * read a few seconds late is still "10 minutes", one of 2 hours "2 hours"), seconds only under
 * a minute.
 */
export function remainingParts(untilMs: number, now: number): [number, "day" | "hour" | "minute" | "second"][] {
  const left = Math.max(0, untilMs - now);
  if (left < MINUTE_MS) return [[Math.ceil(left / 1000), "second"]];
  const totalMinutes = Math.max(1, Math.round(left / MINUTE_MS));
  const days = Math.floor(totalMinutes / (24 * 60));
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
  const minutes = totalMinutes % 60;
  const parts: [number, "day" | "hour" | "minute" | "second"][] = [];
  if (days) parts.push([days, "day"]);
  if (hours) parts.push([hours, "hour"]);
  if (minutes && !days) parts.push([minutes, "minute"]);
  if (!parts.length) parts.push([days, "day"]);
  return parts.slice(0, 2);
}
