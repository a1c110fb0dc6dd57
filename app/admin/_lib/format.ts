// Times as the admin pages show them, in the reader's language (Intl only, no word tables).
import type { UiLocale } from "../../_lib/i18n";
import { remainingParts } from "./durations";

const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** "Mar 3, 2025, 14:05" */
export function formatDateTime(ms: number, locale: UiLocale): string {
  return cached(`dt:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" })).format(ms);
}

/** "5 minutes ago", "in 2 hours", "yesterday" */
export function formatRelative(ms: number, now: number, locale: UiLocale): string {
  const f = cached(`rel:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }));
  const s = Math.round((ms - now) / 1000);
  const a = Math.abs(s);
  if (a < 60) return f.format(s, "second");
  if (a < 3600) return f.format(Math.round(s / 60), "minute");
  if (a < 86_400) return f.format(Math.round(s / 3600), "hour");
  return f.format(Math.round(s / 86_400), "day");
}

/** what is left until `until`: "1 day 3 hours", "25 minutes", "40 seconds" */
export function formatRemaining(until: number, now: number, locale: UiLocale): string {
  return remainingParts(until, now)
    .map(([n, unit]) => cached(`u:${locale}:${unit}`, () => new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long" })).format(n))
    .join(locale === "en" ? " " : "");
}

/** a duration in ms as words: "10 minutes", "1 hour", "2 days" (the largest unit it fills) */
export function formatDuration(ms: number, locale: UiLocale): string {
  return formatRemaining(ms, 0, locale);
}
