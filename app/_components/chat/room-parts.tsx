"use client";
// What a chat room shows alike in /chat and on its public page /rooms/<id>: the online count,
// the line that says the room is closed, deleted or gone (or could not be entered, with Try
// again), and the words in place of the composer when nothing can be written. What the room
// is comes from RoomState (app/_lib/room-state.ts); these only say it.
import type { RoomBlock, RoomNotice, RoomOnline, RoomView } from "../../_lib/room-state";
import { NO_END_FROM } from "../../_lib/room-state";
import { t, type UiLocale } from "../../_lib/i18n";
import { formatTime } from "./format";

/** "12 online" */
export function onlineText(online: RoomOnline | null | undefined, locale: UiLocale): string | null {
  if (!online) return null;
  return t(locale, "room.online", { count: String(online.total) });
}

/** who they are, when the server's numbers add up: "signed in: 9 · guests: 3" */
export function onlineDetail(online: RoomOnline | null | undefined, locale: UiLocale): string | null {
  if (!online || online.users + online.visitors !== online.total) return null;
  return t(locale, "room.onlineDetail", { users: String(online.users), visitors: String(online.visitors) });
}

/** a toast: muted in a room (until when), unmuted, closed, deleted, open again */
export function roomNoticeText(n: RoomNotice, locale: UiLocale, serverNow: number): string {
  const room = n.name || t(locale, "room.thisRoom");
  switch (n.kind) {
    case "muted":
      return n.until > serverNow && n.until < NO_END_FROM
        ? t(locale, "room.toast.muted", { room, time: formatTime(n.until - serverNow + Date.now(), locale) })
        : t(locale, "room.toast.mutedNoEnd", { room });
    case "unmuted":
      return t(locale, "room.toast.unmuted", { room });
    case "closed":
      return t(locale, "room.toast.closed", { room });
    case "deleted":
      return t(locale, "room.toast.deleted", { room });
    case "opened":
      return t(locale, "room.toast.opened", { room });
  }
}

/** the words in place of the composer (null: the composer is there; guests get their own bar) */
export function roomBlockText(block: RoomBlock | null, locale: UiLocale, serverNow: number): string | null {
  if (!block) return null;
  switch (block.kind) {
    case "deleted":
      return t(locale, "room.deleted");
    case "missing":
      return t(locale, "room.missing");
    case "closed":
      return t(locale, "room.closedComposer");
    case "joinFailed":
      return t(locale, "room.joinFailed", { reason: block.text });
    case "muted":
      return block.until ? t(locale, "room.mutedUntil", { time: formatTime(block.until - serverNow + Date.now(), locale) }) : t(locale, "room.muted");
    case "cannotSend":
      return t(locale, "room.cannotSend");
    case "loading":
      return t(locale, "msg.loading");
    case "guest":
      return null;
  }
}

/** under the header: the room is closed, deleted or gone, or could not be entered */
export function RoomBanner({ view, locale, onRetry }: { view: RoomView | undefined; locale: UiLocale; onRetry(): void }) {
  if (!view) return null;
  const phase = view.phase;
  if (phase === "closed" || phase === "deleted" || phase === "missing") {
    return (
      <p role="alert" data-testid="room-state" data-phase={phase} className="shrink-0 border-b border-amber-200 bg-amber-50 px-4 py-2 text-center text-sm font-medium text-amber-900">
        {t(locale, phase === "closed" ? "room.closed" : phase === "deleted" ? "room.deleted" : "room.missing")}
      </p>
    );
  }
  if (view.join === "failed" || (view.error && !view.info)) {
    return (
      <div role="alert" data-testid="room-state" data-phase="failed" className="flex shrink-0 items-center justify-center gap-3 border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
        <span>{view.join === "failed" ? t(locale, "room.joinFailed", { reason: view.joinError ?? "" }) : t(locale, "room.loadFailed")}</span>
        <button
          type="button"
          data-testid="room-retry"
          onClick={onRetry}
          className="shrink-0 rounded-md px-2 py-0.5 font-semibold text-red-800 underline underline-offset-2 outline-none focus-visible:ring-2 focus-visible:ring-red-400"
        >
          {t(locale, "room.retry")}
        </button>
      </div>
    );
  }
  return null;
}
