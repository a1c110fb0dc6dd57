// What a message list draws, row by row: messages and notices in time order, where a date
// separator goes, and which messages run together (same sender, same minute). Pure, so it is
// unit-tested without React (rows.test.ts).
import type { ChatItem } from "../../_lib/conversation-store";
import { dayKey } from "./format";

export interface ListNotice {
  key: string;
  text: string;
  datetime: number;
}

export type Row =
  | {
      kind: "msg";
      key: string;
      item: ChatItem;
      /** the first row of its day: a date separator above it */
      newDay: boolean;
      /** first of a run of the same sender and minute (name and spacing above) */
      startsRun: boolean;
      /** last of its run (time and status below) */
      endsRun: boolean;
    }
  | { kind: "notice"; key: string; notice: ListNotice; newDay: boolean };

export const isSystemItem = (it: ChatItem) => it.fromType === "system" || it.msgType === 0 || it.msgType === 6;

const minuteOf = (ms: number) => Math.floor(ms / 60_000);

/** do a and b belong to one run (grouped under one name and one time)? */
export function sameRun(a: ChatItem, b: ChatItem): boolean {
  if (isSystemItem(a) || isSystemItem(b) || a.recalled || b.recalled) return false;
  if (a.fromType !== b.fromType || a.fromId !== b.fromId || a.mine !== b.mine) return false;
  // a failed message ends a run: its error line sits below it
  if (a.status === "failed") return false;
  return minuteOf(a.datetime) === minuteOf(b.datetime) && dayKey(a.datetime) === dayKey(b.datetime);
}

export function buildRows(items: ChatItem[], notices: ListNotice[] = []): Row[] {
  const merged: ({ item: ChatItem } | { notice: ListNotice })[] = [];
  let n = 0;
  for (const item of items) {
    while (n < notices.length && notices[n].datetime <= item.datetime) merged.push({ notice: notices[n++] });
    merged.push({ item });
  }
  while (n < notices.length) merged.push({ notice: notices[n++] });

  const rows: Row[] = [];
  let lastDay: string | null = null;
  for (let i = 0; i < merged.length; i++) {
    const m = merged[i];
    const at = "item" in m ? m.item.datetime : m.notice.datetime;
    const day = dayKey(at);
    const newDay = day !== lastDay;
    lastDay = day;
    if ("notice" in m) {
      rows.push({ kind: "notice", key: `notice:${m.notice.key}`, notice: m.notice, newDay });
      continue;
    }
    const prev = merged[i - 1];
    const next = merged[i + 1];
    const startsRun = newDay || !prev || !("item" in prev) || !sameRun(prev.item, m.item);
    const endsRun = !next || !("item" in next) || !sameRun(m.item, next.item);
    rows.push({ kind: "msg", key: m.item.key, item: m.item, newDay, startsRun, endsRun });
  }
  return rows;
}

/** the first message's key: what keeps the reader's place when older pages go in above */
export function firstMessageIndex(rows: Row[]): number {
  return rows.findIndex((r) => r.kind === "msg");
}

/**
 * Virtualized lists number rows so that prepending keeps the numbers of the rows already
 * there: when older rows arrive above, the first index moves down by how many went in before
 * the message that used to be first. Returns the new first index.
 */
export function shiftFirstIndex(prevFirstIndex: number, prevRows: Row[], rows: Row[]): number {
  const i = firstMessageIndex(prevRows);
  if (i < 0) return prevFirstIndex;
  const anchor = prevRows[i].key;
  const j = rows.findIndex((r) => r.key === anchor);
  // it went away (deleted), or rows above it went: the list only ever grows upwards by paging
  if (j <= i) return prevFirstIndex;
  return prevFirstIndex - (j - i);
}
