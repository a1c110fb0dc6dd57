// The words for a group's msgType 6 notices ("Mei invited Ken and Ana"), in the reader's
// language, from the notice's `event`, who did it and to whom — never from its English
// `content`, which is only the fallback for an event this version does not know. Pure.
import type { TGroupNotification } from "../../_lib/member-api";
import { t, type UiLocale } from "../../_lib/i18n";
import { formatTime } from "./format";

const listFormats = new Map<string, Intl.ListFormat>();
function joinNames(names: string[], locale: UiLocale): string {
  let f = listFormats.get(locale);
  if (!f) listFormats.set(locale, (f = new Intl.ListFormat(locale, { style: "long", type: "conjunction" })));
  return f.format(names);
}

/** `muted` until a time: the clock today, else the date and the clock */
function untilText(ms: number, locale: UiLocale, now: number) {
  return formatTime(ms, locale, now);
}

export function groupNoticeText(note: TGroupNotification, locale: UiLocale, myId: string, now = Date.now()): string {
  const nameOf = (id: string, subject: boolean) => (id === myId ? t(locale, subject ? "group.you" : "group.youObject") : (note.names?.[id] ?? ""));
  const actor = note.operatorId ? nameOf(String(note.operatorId), true) || t(locale, "group.someone") : t(locale, "group.someone");
  const ids = (note.userIds ?? []).map(String);
  // the people it happened to; at the start of a sentence ("You joined") as a subject
  const names = (subject: boolean) => joinNames(ids.map((id, i) => nameOf(id, subject && i === 0)).filter(Boolean), locale);
  const vars = (subject = false) => ({ actor, names: names(subject) });
  switch (note.event) {
    case "created":
      return t(locale, ids.length ? "group.ev.createdWith" : "group.ev.created", vars());
    case "joined":
      // someone who joined by themselves (applied, an open group) vs. someone invited
      if (!note.operatorId || ids.includes(String(note.operatorId))) return t(locale, "group.ev.joined", vars(true));
      return t(locale, "group.ev.invited", vars());
    case "left":
      return t(locale, "group.ev.left", vars(true));
    case "kicked":
      return t(locale, "group.ev.kicked", vars());
    case "level":
      if (note.level === 3) return t(locale, "group.ev.owner", vars());
      if (note.level === 2) return t(locale, "group.ev.admin", vars());
      return t(locale, "group.ev.member", vars());
    case "dissolved":
      return t(locale, "group.ev.dissolved", vars());
    case "muteAll":
      return t(locale, note.muted === 1 ? "group.ev.muteAllOn" : "group.ev.muteAllOff", vars());
    case "muted":
      if (note.mutedUntil && note.mutedUntil > 0) return t(locale, "group.ev.muted", { ...vars(), time: untilText(note.mutedUntil, locale, now) });
      return t(locale, "group.ev.unmuted", vars());
    default:
      return typeof note.content === "string" ? note.content : "";
  }
}
