import type { LogEntry } from "../../../server/protocol/frames";
import { t, type UiLocale } from "../../_lib/i18n";

const rtfCache = new Map<string, Intl.RelativeTimeFormat>();
function rtf(locale: UiLocale) {
  let f = rtfCache.get(locale);
  if (!f) rtfCache.set(locale, (f = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" })));
  return f;
}

/** "now", "5 min. ago", "3 hr. ago", then a date. */
export function relativeTime(ts: number, now: number, locale: UiLocale): string {
  const diff = Math.max(0, now - ts);
  const min = Math.floor(diff / 60_000);
  if (min < 1) return rtf(locale).format(0, "second");
  if (min < 60) return rtf(locale).format(-min, "minute");
  const hr = Math.floor(min / 60);
  if (hr < 24) return rtf(locale).format(-hr, "hour");
  const d = new Date(ts);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, sameYear ? { month: "short", day: "numeric" } : { year: "numeric", month: "short", day: "numeric" }).format(d);
}

/** Clock time of a message; with the date when it is not today. */
export function messageTime(ts: number, now: number, locale: UiLocale): string {
  const d = new Date(ts);
  const today = new Date(now).toDateString() === d.toDateString();
  return new Intl.DateTimeFormat(
    locale,
    today ? { hour: "2-digit", minute: "2-digit" } : { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" },
  ).format(d);
}

/** One line for the inbox: the text, or a placeholder for anything else. */
export function previewOf(log: Pick<LogEntry, "msgType" | "msg"> | null, locale: UiLocale): string {
  if (!log) return "";
  if (log.msgType === 1) {
    const c = log.msg.content;
    return typeof c === "string" ? c.replace(/\s+/g, " ").trim() : "";
  }
  if (log.msgType === 3) return t(locale, "console.imagePreview");
  return t(locale, "console.otherPreview");
}

/** Only Parley's own uploads are shown as images. */
export function safeImageUrl(msg: Record<string, unknown>): string | null {
  const u = msg.imageUrl;
  return typeof u === "string" && /^\/uploads\/[A-Za-z0-9_-]{8,64}$/.test(u) ? u : null;
}

export function initialOf(name: string): string {
  const ch = [...name.trim()][0];
  return ch ? ch.toUpperCase() : "?";
}

export function isNewer(a: string, b: string | null | undefined): boolean {
  if (!b) return true;
  return BigInt(a) > BigInt(b);
}

const AVATAR_COLORS = [
  "bg-indigo-100 text-indigo-800",
  "bg-emerald-100 text-emerald-800",
  "bg-sky-100 text-sky-800",
  "bg-rose-100 text-rose-800",
  "bg-violet-100 text-violet-800",
  "bg-teal-100 text-teal-800",
  "bg-fuchsia-100 text-fuchsia-800",
  "bg-lime-100 text-lime-800",
];

/** A steady color per visitor, so rows are easy to tell apart. */
export function avatarColor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return AVATAR_COLORS[h % AVATAR_COLORS.length];
}

/** "Visitor #12" → "12"; "Mei Tanaka" → "M". */
export function avatarText(name: string): string {
  const m = /#(\d+)$/.exec(name.trim());
  if (m) return m[1].slice(-2);
  return initialOf(name);
}
