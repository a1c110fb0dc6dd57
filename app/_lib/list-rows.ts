// What the conversation lists do alike with their rows — friends (app/chat/_lib/messenger.ts),
// groups (group-state.ts) and both in one list: the order, and a fresh list's last message and
// unread count weighed against what arrived live while it was asked for.
import { isNewerId, type StoredEntry } from "./conversation-store";

/** the list's order: pinned first, then the newest activity */
export function pinnedFirst<T extends { activeAt: number }>(isPinned: (row: T) => boolean) {
  return (a: T, b: T) => {
    const pa = isPinned(a);
    const pb = isPinned(b);
    if (pa !== pb) return pa ? -1 : 1;
    return b.activeAt - a.activeAt;
  };
}

/** a row's last message and unread count from the server's answer, unless what arrived live after it is newer */
export function freshestLast(server: { number: number; lastLog: StoredEntry | null } | undefined, local: { unread: number; lastLog: StoredEntry | null } | undefined) {
  let lastLog = server?.lastLog ?? null;
  let unread = server?.number ?? 0;
  if (local?.lastLog && (!lastLog || isNewerId(local.lastLog.logId, lastLog.logId))) {
    lastLog = local.lastLog;
    unread = Math.max(unread, local.unread);
  }
  return { lastLog, unread };
}
