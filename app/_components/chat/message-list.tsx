"use client";
// The message list every chat screen uses — the widget, the agent console and /chat. It reads
// a ConversationStore (any channel) and draws: date separators, runs of the same sender and
// minute, text (as text, never HTML), images, audio, video and files, "message recalled",
// the sending clock → sent tick → read ticks, failed messages with Retry / Delete, a message
// menu (copy, recall, delete for me) where the screen allows it, and "jump to newest (n)".
//
// Long conversations are virtualized with react-virtuoso (only what is on screen is in the
// DOM). Paging back keeps the reader's place: older rows go in above with `firstItemIndex`
// moved down by as many rows (rows.ts shiftFirstIndex).
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { Virtuoso, type VirtuosoHandle } from "react-virtuoso";
import type { ChatItem, ConversationStore } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import { clockTime, dayLabel, failureReason, isRetryable, PARLEY_INDIGO, textOn } from "./format";
import { bodyKind, isMediaKind, MessageBody } from "./message-body";
import { MessageMenu, type MenuAction } from "./message-menu";
import { buildRows, isSystemItem, shiftFirstIndex, type ListNotice, type Row } from "./rows";

export type ListVariant = "widget" | "console" | "chat";

export interface MessageListProps {
  store: ConversationStore;
  locale: UiLocale;
  /** test ids (`<variant>-message` …) and the look */
  variant: ListVariant;
  /** my bubbles' color (the widget: the site's color) */
  accent?: string;
  /** the name shown above a run of someone else's messages; null: none */
  senderName?(it: ChatItem): string | null;
  /** lines between messages that are not messages (the widget's "Ana joined") */
  notices?: ListNotice[];
  /** shown when there are no messages */
  empty?: ReactNode;
  /**
   * read receipts on my messages: "ticks" (✓ sent, ✓✓ read) on each; "seen" once, under the
   * newest one read; none by default
   */
  receipts?: "ticks" | "seen";
  /** the newest logId the other side read; defaults to the store's peerReadId */
  readId?: string | null;
  /** offer the message menu (copy, and recall / delete where the server allows) */
  actions?: boolean;
  /** a menu action failed: the server's words */
  onActionError?(text: string): void;
  /** offer "Report" on other members' messages (the messenger opens its report dialog) */
  onReport?(it: ChatItem): void;
  /** the reader is (not) at the newest message — to mark read only what was seen */
  onAtBottomChange?(atBottom: boolean): void;
  /** re-render time-dependent bits (recall window, "Today") */
  now?: number;
  /** the words of a system line (a group's msgType 6 notices); default: its `content` */
  systemText?(it: ChatItem): string;
  /**
   * A screen's own bubble for some messages (the messenger's red packets): given the message and
   * its inline time and status, a node that replaces the bubble — or null for the usual one.
   */
  customBubble?(it: ChatItem, meta: ReactNode): ReactNode | null;
}

/** row numbers start high so that paging back can count down (Virtuoso firstItemIndex) */
const START_INDEX = 1_000_000_000;

interface Ctx {
  p: MessageListProps;
  hasOlder: boolean;
  loadingOlder: boolean;
  loadOlder(): void;
  error: string | null;
  hasItems: boolean;
}

export function MessageList(p: MessageListProps) {
  const { store, locale, variant } = p;
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const rows = useMemo(() => buildRows(snap.items, p.notices), [snap.items, p.notices]);
  const virtuoso = useRef<VirtuosoHandle>(null);
  const [atBottom, setAtBottom] = useState(true);
  const atBottomRef = useRef(true);
  /** newest logId the reader has had on screen at the bottom */
  const [seenUpTo, setSeenUpTo] = useState<string | null>(null);

  // keep the numbers of rows already shown when older ones go in above
  const numbering = useRef<{ first: number; rows: Row[] }>({ first: START_INDEX, rows: [] });
  const firstItemIndex = useMemo(() => {
    const n = numbering.current;
    n.first = shiftFirstIndex(n.first, n.rows, rows);
    n.rows = rows;
    return n.first;
  }, [rows]);

  /**
   * The list opens at the newest message; until it got there, the top row being on screen
   * (Virtuoso's first render) is no reason to page back — that would pull older pages in
   * while the first scroll is still under way and leave the reader somewhere in the middle.
   */
  const settled = useRef(false);
  const loadOlder = useCallback(() => {
    if (snap.hasOlder && !snap.loadingOlder) void store.loadOlder();
  }, [store, snap.hasOlder, snap.loadingOlder]);
  /** is the top of the list on screen (Virtuoso's atTopStateChange)? */
  const topShown = useRef(false);
  const onStartReached = useCallback(() => {
    if (settled.current) loadOlder();
  }, [loadOlder]);

  // my own new message always brings me to the bottom
  const lastKey = rows.length ? rows[rows.length - 1].key : null;
  const prevLast = useRef<string | null>(null);
  useEffect(() => {
    const last = snap.items[snap.items.length - 1];
    if (lastKey && prevLast.current && lastKey !== prevLast.current && last?.mine && last.status === "sending") {
      virtuoso.current?.scrollToIndex({ index: "LAST", align: "end", behavior: "auto" });
    }
    prevLast.current = lastKey;
  }, [lastKey, snap.items]);

  useEffect(() => {
    if (atBottom) setSeenUpTo(store.lastLogId);
  }, [atBottom, snap.items, store]);

  /**
   * Stay at the newest message until the reader scrolls away from it. Row heights are only
   * known once rows are drawn (and pictures loaded), so the first jump to the bottom can fall
   * short; while this holds, every change of the list's height goes to the bottom again.
   */
  const stick = useRef(true);
  const leaveBottom = useCallback(() => {
    if (settled.current) stick.current = false;
  }, []);
  const onHeight = useCallback(() => {
    if (stick.current) virtuoso.current?.scrollToIndex({ index: "LAST", align: "end" });
  }, []);

  const onAtBottom = useCallback(
    (b: boolean) => {
      if (b) stick.current = true;
      if (b && !settled.current) {
        settled.current = true;
        // the first page fits on the screen with its top showing: fetch what is above it
        // (asked a frame later: "at the top" from the first render, before the jump down, may be stale)
        requestAnimationFrame(() => requestAnimationFrame(() => topShown.current && loadOlder()));
      }
      atBottomRef.current = b;
      setAtBottom(b);
      p.onAtBottomChange?.(b);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [p.onAtBottomChange, loadOlder],
  );

  const onMediaLoad = useCallback(() => {
    if (stick.current || atBottomRef.current) virtuoso.current?.scrollToIndex({ index: "LAST", align: "end" });
  }, []);

  const unseen = useMemo(() => {
    if (atBottom) return 0;
    let n = 0;
    for (const it of snap.items) if (!it.mine && it.logId && (!seenUpTo || BigInt(it.logId) > BigInt(seenUpTo))) n++;
    return n;
  }, [atBottom, snap.items, seenUpTo]);

  const ctx: Ctx = {
    p: { ...p, onActionError: p.onActionError },
    hasOlder: snap.hasOlder,
    loadingOlder: snap.loadingOlder,
    loadOlder,
    error: snap.error,
    hasItems: snap.items.length > 0,
  };
  const readId = p.readId !== undefined ? p.readId : snap.peerReadId;
  const seenKey = useMemo(() => {
    if (p.receipts !== "seen" || !readId) return null;
    let key: string | null = null;
    const read = BigInt(readId);
    for (const it of snap.items) if (it.mine && it.logId && BigInt(it.logId) <= read) key = it.key;
    return key;
  }, [p.receipts, readId, snap.items]);

  const surface = variant === "widget" ? "bg-white" : variant === "console" ? "bg-slate-50" : "bg-slate-100";
  const empty = snap.items.length === 0 && !p.notices?.length;

  return (
    <div
      data-testid={`${variant}-messages`}
      role="log"
      aria-live="polite"
      aria-busy={snap.loading}
      aria-label={t(locale, "msg.messages")}
      className={`relative flex min-h-0 flex-1 flex-col ${surface}`}
      // what a reader does to scroll up (wheel, touch, keys, the scrollbar): stop sticking to the bottom
      onWheel={(e) => e.deltaY < 0 && leaveBottom()}
      onTouchMove={leaveBottom}
      onKeyDown={(e) => ["ArrowUp", "PageUp", "Home"].includes(e.key) && leaveBottom()}
      onPointerDown={(e) => e.target === e.currentTarget.querySelector("[data-virtuoso-scroller]") && leaveBottom()}
    >
      {empty ? (
        <div className="min-h-0 flex-1 overflow-y-auto px-3 py-3 sm:px-4">
          {snap.loading ? (
            <p className="py-10 text-center text-sm text-slate-500" role="status">
              {t(locale, "msg.loading")}
            </p>
          ) : snap.error ? (
            <div className="py-10 text-center text-sm text-slate-600" role="alert">
              <p>{snap.error}</p>
              <button
                type="button"
                onClick={() => void store.loadLatest()}
                className="mt-3 rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-500"
              >
                {t(locale, "msg.tryAgain")}
              </button>
            </div>
          ) : (
            p.empty
          )}
        </div>
      ) : (
        <Virtuoso<Row, Ctx>
          key={store.key}
          ref={virtuoso}
          className="min-h-0 flex-1 overscroll-contain"
          data={rows}
          context={ctx}
          firstItemIndex={firstItemIndex}
          initialTopMostItemIndex={{ index: "LAST", align: "end" }}
          alignToBottom
          followOutput={(bottom) => (bottom ? "auto" : false)}
          atBottomStateChange={onAtBottom}
          atBottomThreshold={80}
          startReached={onStartReached}
          atTopStateChange={(top) => (topShown.current = top)}
          totalListHeightChanged={onHeight}
          // rows drawn beyond the screen; older pages are asked for once the first row is among them
          increaseViewportBy={{ top: 400, bottom: 400 }}
          computeItemKey={(_, row) => row.key}
          components={LIST_COMPONENTS}
          itemContent={(_, row, c) => <RowView row={row} ctx={c} seenKey={seenKey} readId={readId} onMediaLoad={onMediaLoad} />}
        />
      )}
      {!atBottom && !empty && (
        <button
          type="button"
          data-testid={`${variant}-jump`}
          onClick={() => {
            stick.current = true;
            virtuoso.current?.scrollToIndex({ index: "LAST", align: "end", behavior: "smooth" });
          }}
          aria-label={unseen ? `${t(locale, "msg.jumpToNewest")} (${t(locale, "msg.newCount", { count: String(unseen) })})` : t(locale, "msg.jumpToNewest")}
          title={t(locale, "msg.jumpToNewest")}
          className="absolute right-3 bottom-3 z-10 flex h-10 min-w-10 items-center justify-center gap-1 rounded-full bg-white px-2.5 text-slate-700 shadow-md ring-1 ring-slate-200 outline-none hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          {unseen > 0 && (
            <span data-testid={`${variant}-jump-count`} className="min-w-5 rounded-full bg-indigo-600 px-1.5 text-center text-xs leading-5 font-semibold text-white">
              {unseen > 99 ? "99+" : unseen}
            </span>
          )}
          <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M12 5v14M6 13l6 6 6-6" />
          </svg>
        </button>
      )}
    </div>
  );
}

const LIST_COMPONENTS = {
  Header: function ListHeader({ context: c }: { context?: Ctx }) {
    if (!c) return null;
    const { locale, variant } = c.p;
    return (
      <div className="flow-root px-3 pt-3 sm:px-4">
        {c.hasOlder && (
          <div className="mb-2 flex justify-center">
            <button
              type="button"
              data-testid={`${variant}-load-older`}
              onClick={c.loadOlder}
              disabled={c.loadingOlder}
              className="rounded-full border border-slate-200 bg-white px-3 py-1 text-xs font-medium text-slate-600 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-60"
            >
              {c.loadingOlder ? t(locale, "msg.loading") : t(locale, "msg.loadOlder")}
            </button>
          </div>
        )}
        {c.error && c.hasItems && (
          <p className="mb-2 text-center text-xs text-red-600" role="alert">
            {c.error}
          </p>
        )}
      </div>
    );
  },
  Footer: function ListFooter() {
    return <div className="h-3" />;
  },
};

/**
 * One row. `flow-root` keeps the margins of what is inside within the row: Virtuoso measures
 * each row's box, and a margin collapsing out of it would be space it does not know about
 * (the list would stop short of the bottom by the sum of them).
 */
function RowView({ row, ctx, seenKey, readId, onMediaLoad }: { row: Row; ctx: Ctx; seenKey: string | null; readId: string | null; onMediaLoad(): void }) {
  const { locale, variant } = ctx.p;
  const sep = row.newDay ? (
    <div className="my-3 flex justify-center" role="separator">
      <span data-testid={`${variant}-day`} className="rounded-full bg-white/80 px-3 py-0.5 text-xs font-medium text-slate-500 shadow-sm ring-1 ring-slate-200">
        {dayLabel(row.kind === "msg" ? row.item.datetime : row.notice.datetime, locale, ctx.p.now)}
      </span>
    </div>
  ) : null;
  if (row.kind === "notice") {
    return (
      <div className="flow-root px-3 sm:px-4">
        {sep}
        <p data-testid={`${variant}-notice`} className="my-2 text-center text-xs text-slate-500">
          {row.notice.text}
        </p>
      </div>
    );
  }
  return (
    <div className="flow-root px-3 sm:px-4">
      {sep}
      <Message row={row} ctx={ctx} seen={row.key === seenKey} readId={readId} onMediaLoad={onMediaLoad} />
    </div>
  );
}

function Message({ row, ctx, seen, readId, onMediaLoad }: { row: Extract<Row, { kind: "msg" }>; ctx: Ctx; seen: boolean; readId: string | null; onMediaLoad(): void }) {
  const { p } = ctx;
  const { locale, variant, store } = p;
  const it = row.item;
  const testId = variant;

  if (it.recalled) {
    return (
      <p data-testid={`${testId}-message`} data-mine={it.mine ? "true" : "false"} data-recalled="true" data-status={it.status} data-log-id={it.logId ?? undefined} className="my-2 text-center text-xs text-slate-500 italic">
        {it.recalledBy ? t(locale, "msg.recalledByAdmin") : it.mine ? t(locale, "msg.recalledMine") : t(locale, "msg.recalled")}
      </p>
    );
  }
  if (isSystemItem(it)) {
    return (
      <p
        data-testid={`${testId}-message`}
        data-mine="false"
        data-system="true"
        data-event={typeof it.msg.event === "string" ? it.msg.event : undefined}
        data-log-id={it.logId ?? undefined}
        className={p.systemText ? "mx-auto my-2 w-fit max-w-[90%] rounded-2xl bg-slate-200/70 px-3 py-1 text-center text-xs leading-snug text-slate-600" : "my-2 text-center text-xs text-slate-500"}
      >
        {p.systemText ? p.systemText(it) : typeof it.msg.content === "string" ? it.msg.content : ""}
      </p>
    );
  }

  const mine = it.mine;
  const failed = it.status === "failed";
  const sending = it.status === "sending";
  const kind = bodyKind(it);
  const media = isMediaKind(kind) && !failed;
  const accent = p.accent ?? PARLEY_INDIGO;
  const inlineMeta = variant === "chat";
  const name = !mine && row.startsRun ? p.senderName?.(it) : null;

  const receipt: "sending" | "sent" | "read" | null = !mine || failed ? null : sending ? "sending" : readId && it.logId && BigInt(it.logId) <= BigInt(readId) ? "read" : "sent";
  const meta = inlineMeta ? <Meta it={it} locale={locale} receipt={p.receipts === "ticks" ? receipt : null} onMedia={media} /> : undefined;

  const otherLook = variant === "console" ? "bg-white text-slate-900 ring-1 ring-slate-200" : variant === "chat" ? "bg-white text-slate-900 shadow-sm" : "bg-slate-100 text-slate-900";
  const shape = mine ? (row.endsRun ? "rounded-2xl rounded-br-md" : "rounded-2xl") : row.endsRun ? "rounded-2xl rounded-bl-md" : "rounded-2xl";
  const custom = !failed && !it.uploading ? (p.customBubble?.(it, meta) ?? null) : null;
  const bubble = custom ?? (
    <div
      className={`relative min-w-0 overflow-hidden text-[15px] leading-snug ${shape} ${media ? "bg-slate-200" : `px-3.5 py-2 ${mine ? "" : otherLook}`} ${
        sending ? "opacity-70" : ""
      } ${failed ? "ring-2 ring-red-400" : ""}`}
      style={mine && !media ? { background: accent, color: textOn(accent) } : undefined}
    >
      <MessageBody it={it} locale={locale} meta={meta} wideMeta={!!receipt && p.receipts === "ticks"} onMediaLoad={onMediaLoad} testId={testId} />
    </div>
  );

  const actions: MenuAction[] = [];
  if (p.actions && !it.uploading) {
    if (kind === "text" && typeof navigator !== "undefined" && navigator.clipboard) {
      actions.push({
        id: "copy",
        label: t(locale, "msg.copy"),
        run: () => navigator.clipboard.writeText(String(it.msg.content ?? "")).catch(() => {}),
      });
    }
    if (it.logId && store.canRecall(it)) {
      const logId = it.logId;
      actions.push({
        id: "recall",
        label: t(locale, "msg.recall"),
        run: () => store.recall(logId).catch((err: unknown) => p.onActionError?.(err instanceof Error ? err.message : String(err))),
      });
    }
    if (it.logId && store.canHide(it)) {
      const logId = it.logId;
      actions.push({
        id: "delete",
        label: t(locale, "msg.deleteForMe"),
        danger: true,
        confirm: t(locale, "msg.confirmDelete"),
        run: () => store.hide(logId).catch((err: unknown) => p.onActionError?.(err instanceof Error ? err.message : String(err))),
      });
    }
    if (p.onReport && !mine && it.logId && it.fromType === "member" && !it.recalled) {
      const onReport = p.onReport;
      actions.push({ id: "report", label: t(locale, "msg.report"), danger: true, run: () => onReport(it) });
    }
  }

  const footerTime = !inlineMeta && row.endsRun && !sending && !failed;
  return (
    <div
      data-testid={`${testId}-message`}
      data-mine={mine ? "true" : "false"}
      data-status={it.status}
      data-key={it.key}
      data-log-id={it.logId ?? undefined}
      data-kind={kind}
      data-receipt={p.receipts === "ticks" && receipt ? receipt : undefined}
      className={`flex flex-col ${mine ? "items-end" : "items-start"} ${row.startsRun ? "mt-3" : "mt-0.5"}`}
    >
      {name && <span className="mb-1 ml-1 text-xs font-medium text-slate-500">{name}</span>}
      <div className={`flex min-w-0 ${mine ? "justify-end" : "justify-start"} max-w-[85%] md:max-w-[70%]`}>
        <MessageMenu actions={actions} locale={locale} mine={mine} testId={testId}>
          {bubble}
        </MessageMenu>
      </div>
      {failed ? (
        <p data-testid={`${testId}-message-error`} className={`mt-1 max-w-[85%] text-xs leading-5 ${mine ? "mr-1 text-right" : "ml-1"}`}>
          <span className="text-red-700" role="alert" title={it.error}>
            {t(locale, "msg.notSent", { reason: failureReason(it, locale), code: String(it.errorCode ?? "?") })}
          </span>
          {isRetryable(it.errorCode) && (
            <button
              type="button"
              data-testid={`${testId}-retry`}
              onClick={() => void store.retry(it.msgId)}
              className="ml-2 rounded font-semibold text-red-700 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-red-400"
            >
              {t(locale, "msg.retry")}
            </button>
          )}
          <button
            type="button"
            data-testid={`${testId}-delete`}
            onClick={() => store.remove(it.msgId)}
            className="ml-2 rounded font-semibold text-slate-600 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-slate-400"
          >
            {t(locale, "msg.delete")}
          </button>
        </p>
      ) : !inlineMeta && sending && !it.uploading ? (
        <span className="mt-1 mr-1 text-xs text-slate-400">{t(locale, "msg.sending")}</span>
      ) : footerTime || seen ? (
        <span className={`mt-1 flex items-center gap-1.5 text-[11px] text-slate-500 ${mine ? "mr-1" : "ml-1"}`}>
          {footerTime && <time dateTime={new Date(it.datetime).toISOString()}>{clockTime(it.datetime, locale)}</time>}
          {seen && <span data-testid={`${testId}-seen`}>{footerTime ? "· " : ""}{t(locale, "msg.seen")}</span>}
        </span>
      ) : null}
    </div>
  );
}

/** the time and my message's state, inside the bubble (the messenger) */
function Meta({ it, locale, receipt, onMedia }: { it: ChatItem; locale: UiLocale; receipt: "sending" | "sent" | "read" | null; onMedia: boolean }) {
  const label = receipt === "sending" ? t(locale, "msg.sending") : receipt === "read" ? t(locale, "msg.read") : receipt === "sent" ? t(locale, "msg.sent") : undefined;
  return (
    <span className={`inline-flex items-center gap-0.5 text-[11px] leading-4 whitespace-nowrap ${onMedia ? "" : "opacity-75"}`}>
      <time dateTime={new Date(it.datetime).toISOString()}>{clockTime(it.datetime, locale)}</time>
      {receipt && (
        <span data-testid="receipt" data-receipt={receipt} role="img" aria-label={label} title={label} className={receipt === "read" && !onMedia ? "text-sky-200" : ""}>
          {receipt === "sending" ? <ClockIcon /> : receipt === "read" ? <DoubleTick /> : <Tick />}
        </span>
      )}
    </span>
  );
}

function ClockIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
      <circle cx="8" cy="8" r="5.5" />
      <path d="M8 5v3.2l2 1.3" />
    </svg>
  );
}
function Tick() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round">
      <path d="M3.5 8.5l3 3 6-7" />
    </svg>
  );
}
function DoubleTick() {
  return (
    <svg aria-hidden viewBox="0 0 20 16" className="h-3.5 w-[18px]" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round">
      <path d="M1 8.5l3 3 6.5-7.5M7.5 11.5l6.5-7.5" />
    </svg>
  );
}
