import type { ChatItem } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import { isAppCode, messageFor } from "../../../server/errors/codes";

const FALLBACK_COLOR = "#4f46e5";

/** the site color if it is a plain hex color, else Parley's indigo */
export function siteColor(c: string | null | undefined): string {
  return c && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(c) ? c : FALLBACK_COLOR;
}

/** black or white text, whichever reads better on `hex` */
export function textOn(hex: string): string {
  let h = hex.replace("#", "");
  if (h.length === 3) h = h.replace(/./g, (x) => x + x);
  const n = parseInt(h, 16);
  const y = ((n >> 16) * 299 + ((n >> 8) & 255) * 587 + (n & 255) * 114) / 1000;
  return y > 160 ? "#111827" : "#ffffff";
}

const timeFmt = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: UiLocale, withDay: boolean) {
  const k = `${locale}:${withDay}`;
  let f = timeFmt.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(
      locale,
      withDay ? { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" } : { hour: "numeric", minute: "2-digit" },
    );
    timeFmt.set(k, f);
  }
  return f;
}

/** "14:05" today, "Mar 3, 14:05" on other days */
export function formatTime(ms: number, locale: UiLocale): string {
  const d = new Date(ms);
  const now = new Date();
  const today = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return fmt(locale, !today).format(d);
}

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** codes where sending the same message again cannot help: the message itself is refused */
const FINAL_CODES = new Set([-7000, -1001, -1002, -1005, -6000, -2008]);

/** may "Retry" help? (unknown failures: yes) */
export function isRetryable(code: number | undefined): boolean {
  return code === undefined || !FINAL_CODES.has(code);
}

/** what went wrong with a message of mine, in the shopper's language */
export function failureReason(it: Pick<ChatItem, "errorCode" | "error" | "tooLong">, locale: UiLocale): string {
  const code = it.errorCode;
  if (it.tooLong) return t(locale, "widget.reason.tooLong");
  if (code === -1012) return t(locale, "widget.reason.tooFast");
  if (code === -6000) return t(locale, "widget.reason.closed");
  if (code === -2008) return t(locale, "widget.reason.signIn");
  if (code === -1003 || code === -1004 || code === -1007) return t(locale, "widget.reason.session");
  if (code !== undefined && isAppCode(code)) return messageFor(code, locale);
  return it.error ?? "";
}
