import type { UiLocale } from "../../_lib/i18n";

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
