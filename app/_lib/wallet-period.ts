// The wallet's period (redPacket.record `date`): a month "2026-03" or a year "2026", in the
// reader's calendar, stepped back and forth but never past the current one. Pure (tested).

export interface Period {
  kind: "month" | "year";
  year: number;
  /** 1–12 (a year period keeps it, so switching back returns to the same month) */
  month: number;
}

export function currentPeriod(kind: Period["kind"], now = new Date()): Period {
  return { kind, year: now.getFullYear(), month: now.getMonth() + 1 };
}

/** what redPacket.record takes as `date` */
export function periodDate(p: Period): string {
  return p.kind === "year" ? String(p.year) : `${p.year}-${String(p.month).padStart(2, "0")}`;
}

/** one period earlier (−1) or later (+1) */
export function shiftPeriod(p: Period, delta: number): Period {
  if (p.kind === "year") return { ...p, year: p.year + delta };
  const i = p.year * 12 + (p.month - 1) + delta;
  return { ...p, year: Math.floor(i / 12), month: (i % 12) + 1 };
}

/** is `p` the current period or later (no "Later" from there)? */
export function isLatest(p: Period, now = new Date()): boolean {
  const c = currentPeriod(p.kind, now);
  return p.kind === "year" ? p.year >= c.year : p.year * 12 + p.month >= c.year * 12 + c.month;
}

/** minutes east of UTC of this browser's calendar (480 in Beijing): the server's tzOffsetMinutes */
export const tzOffsetMinutes = (at = new Date()) => -at.getTimezoneOffset();
