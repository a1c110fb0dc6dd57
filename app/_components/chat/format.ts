// Formatting shared by every chat screen (widget, console, /chat): times, previews, colors,
// safe media URLs and the words for a failed message. Pure functions, no React.
import type { ChatItem } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import { isAppCode, messageFor } from "../../../server/errors/codes";

const FALLBACK_COLOR = "#4f46e5";

/** the site color if it is a plain hex color, else Parley's indigo */
export function siteColor(c: string | null | undefined): string {
  return c && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(c) ? c : FALLBACK_COLOR;
}

export const PARLEY_INDIGO = FALLBACK_COLOR;

/** black or white text, whichever reads better on `hex` */
export function textOn(hex: string): string {
  let h = hex.replace("#", "");
  if (h.length === 3) h = h.replace(/./g, (x) => x + x);
  const n = parseInt(h, 16);
  const y = ((n >> 16) * 299 + ((n >> 8) & 255) * 587 + (n & 255) * 114) / 1000;
  return y > 160 ? "#111827" : "#ffffff";
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: UiLocale, key: string, opts: Intl.DateTimeFormatOptions) {
  const k = `${locale}:${key}`;
  let f = fmtCache.get(k);
  if (!f) fmtCache.set(k, (f = new Intl.DateTimeFormat(locale, opts)));
  return f;
}

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** "14:05" today, "Mar 3, 14:05" on other days */
export function formatTime(ms: number, locale: UiLocale, now = Date.now()): string {
  const d = new Date(ms);
  return sameDay(d, new Date(now))
    ? dtf(locale, "hm", { hour: "numeric", minute: "2-digit" }).format(d)
    : dtf(locale, "mdhm", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(d);
}

/** the clock time alone ("14:05"), under a bubble that sits below its day's separator */
export function clockTime(ms: number, locale: UiLocale): string {
  return dtf(locale, "hm", { hour: "numeric", minute: "2-digit" }).format(new Date(ms));
}

/** Clock time of a message; with the date when it is not today (the console). */
export function messageTime(ts: number, now: number, locale: UiLocale): string {
  const d = new Date(ts);
  return sameDay(d, new Date(now))
    ? dtf(locale, "hm2", { hour: "2-digit", minute: "2-digit" }).format(d)
    : dtf(locale, "mdhm2", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }).format(d);
}

/** the date separator: "Today", "Yesterday", "Monday, March 3", "March 3, 2024" */
export function dayLabel(ms: number, locale: UiLocale, now = Date.now()): string {
  const d = new Date(ms);
  const n = new Date(now);
  if (sameDay(d, n)) return t(locale, "msg.today");
  const y = new Date(n.getFullYear(), n.getMonth(), n.getDate() - 1);
  if (sameDay(d, y)) return t(locale, "msg.yesterday");
  if (d.getFullYear() === n.getFullYear()) return dtf(locale, "day", { weekday: "long", month: "long", day: "numeric" }).format(d);
  return dtf(locale, "dayY", { year: "numeric", month: "long", day: "numeric" }).format(d);
}

/** a local calendar day, to tell where a date separator goes */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

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
  return dtf(locale, sameYear ? "md" : "ymd", sameYear ? { month: "short", day: "numeric" } : { year: "numeric", month: "short", day: "numeric" }).format(d);
}

/** a conversation list's time: the clock today, the weekday this week, else the date (messengers) */
export function listTime(ts: number, now: number, locale: UiLocale): string {
  const d = new Date(ts);
  const n = new Date(now);
  if (sameDay(d, n)) return clockTime(ts, locale);
  const days = (new Date(n.getFullYear(), n.getMonth(), n.getDate()).getTime() - new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()) / 86_400_000;
  if (days === 1) return t(locale, "msg.yesterday");
  if (days < 7) return dtf(locale, "wd", { weekday: "short" }).format(d);
  if (d.getFullYear() === n.getFullYear()) return dtf(locale, "md", { month: "short", day: "numeric" }).format(d);
  return dtf(locale, "ymdn", { year: "2-digit", month: "numeric", day: "numeric" }).format(d);
}

/** One line for a conversation list: the text, or what kind of message it was. */
export function previewOf(log: { msgType: number; msg: Record<string, unknown>; recalled?: boolean } | null, locale: UiLocale): string {
  if (!log) return "";
  if (log.recalled) return t(locale, "msg.recalled");
  switch (log.msgType) {
    case 1: {
      const c = log.msg.content;
      return typeof c === "string" ? c.replace(/\s+/g, " ").trim() : "";
    }
    case 2:
      return `[${t(locale, "msg.audio")}]`;
    case 3:
      return `[${t(locale, "msg.image")}]`;
    case 5:
      return `[${t(locale, "msg.video")}]`;
    case 7:
      return `[${t(locale, "msg.file")}] ${typeof log.msg.name === "string" ? log.msg.name : ""}`.trim();
    case 4:
      return `[${t(locale, "packet.name")}] ${typeof log.msg.greeting === "string" ? log.msg.greeting.replace(/\s+/g, " ").trim() : ""}`.trim();
    case 0:
    case 6:
      return typeof log.msg.content === "string" ? log.msg.content : "";
    default:
      return `[${t(locale, "msg.other")}]`;
  }
}

const UPLOAD_URL = /^\/uploads\/[A-Za-z0-9_-]{8,64}$/;

/** Only Parley's own uploads are shown or linked (never a URL someone typed into a message). */
export function safeUploadUrl(u: unknown): string | null {
  return typeof u === "string" && UPLOAD_URL.test(u) ? u : null;
}

export function safeImageUrl(msg: Record<string, unknown>): string | null {
  return safeUploadUrl(msg.imageUrl);
}

/** "834 B", "12 KB", "3.4 MB" (the number in the reader's language; the units read the same everywhere) */
export function formatBytes(n: number, locale: UiLocale): string {
  if (!Number.isFinite(n) || n < 0) return "";
  const units = ["B", "KB", "MB", "GB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: v < 10 && i > 0 ? 1 : 0 }).format(v)} ${units[i]}`;
}

/** "0:42", "12:05" */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return "";
  const s = Math.round(sec);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
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

/** A steady color per person, so rows are easy to tell apart. */
export function avatarColor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return AVATAR_COLORS[h % AVATAR_COLORS.length];
}

/** "Visitor #12" → "12"; "Mei Tanaka" → "MT"; "美咲" → "美". */
export function avatarText(name: string): string {
  const m = /#(\d+)$/.exec(name.trim());
  if (m) return m[1].slice(-2);
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length >= 2 && /^[A-Za-z]/.test(words[0]) && /^[A-Za-z]/.test(words[1])) return (words[0][0] + words[1][0]).toUpperCase();
  return initialOf(name);
}

/** codes where sending the same message again cannot help: the message itself is refused */
const FINAL_CODES = new Set([-7000, -1001, -1002, -1005, -6000, -2008, -2018, -2021]);

/** may "Retry" help? (unknown failures: yes) */
export function isRetryable(code: number | undefined): boolean {
  return code === undefined || !FINAL_CODES.has(code);
}

/** what went wrong with a message of mine, in the reader's language */
export function failureReason(it: Pick<ChatItem, "errorCode" | "error" | "tooLong">, locale: UiLocale): string {
  const code = it.errorCode;
  if (it.tooLong) return t(locale, "msg.reason.tooLong");
  if (code === -1012) return t(locale, "msg.reason.tooFast");
  if (code === -6000) return t(locale, "msg.reason.closed");
  if (code === -2008) return t(locale, "msg.reason.signIn");
  if (code === -1003 || code === -1004 || code === -1007) return t(locale, "msg.reason.session");
  if (code !== undefined && isAppCode(code)) return messageFor(code, locale);
  return it.error ?? "";
}

/** the most an image may weigh (the server's PARLEY_UPLOAD_MAX_BYTES default, for images) */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
