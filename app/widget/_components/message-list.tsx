"use client";
import { useLayoutEffect, useRef, useSyncExternalStore } from "react";
import type { ChatItem, ConversationStore } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import { failureReason, formatTime, isRetryable, textOn } from "./format";
import type { Notice } from "./widget-controller";

type Row = { kind: "msg"; item: ChatItem } | { kind: "notice"; notice: Notice };

const GROUP_GAP_MS = 5 * 60_000;

function merge(items: ChatItem[], notices: Notice[]): Row[] {
  const rows: Row[] = [];
  let n = 0;
  for (const item of items) {
    while (n < notices.length && notices[n].datetime <= item.datetime) rows.push({ kind: "notice", notice: notices[n++] });
    rows.push({ kind: "msg", item });
  }
  while (n < notices.length) rows.push({ kind: "notice", notice: notices[n++] });
  return rows;
}

function findKey(root: HTMLElement, key: string): HTMLElement | null {
  for (const n of root.querySelectorAll<HTMLElement>("[data-key]")) if (n.dataset.key === key) return n;
  return null;
}

const sameSender = (a: ChatItem, b: ChatItem) => a.fromType === b.fromType && a.fromId === b.fromId;
const isSystem = (it: ChatItem) => it.fromType === "system" || it.msgType === 0 || it.msgType === 6;

export function MessageList(props: {
  store: ConversationStore;
  locale: UiLocale;
  color: string;
  greeting: string;
  siteName: string;
  notices: Notice[];
}) {
  const { store, locale, color, notices } = props;
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const ref = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  /** the first message on screen before older ones went in above it, and where it was */
  const olderAnchor = useRef<{ key: string; offset: number } | null>(null);

  const onScroll = () => {
    const el = ref.current;
    if (el) nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  };

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (olderAnchor.current) {
      if (snap.loadingOlder) return;
      // older messages went in above: keep what the reader was looking at in place
      const { key, offset } = olderAnchor.current;
      olderAnchor.current = null;
      const node = findKey(el, key);
      if (node) el.scrollTop += node.getBoundingClientRect().top - el.getBoundingClientRect().top - offset;
      return;
    }
    const last = snap.items[snap.items.length - 1];
    if (nearBottom.current || (last?.mine && last.status === "sending")) {
      el.scrollTop = el.scrollHeight;
      nearBottom.current = true;
    }
  }, [snap.items, snap.loadingOlder, notices]);

  const loadOlder = () => {
    const el = ref.current;
    const first = snap.items[0];
    const node = el && first ? findKey(el, first.key) : null;
    if (el && node) olderAnchor.current = { key: first.key, offset: node.getBoundingClientRect().top - el.getBoundingClientRect().top };
    void store.loadOlder();
  };

  const onImageLoad = () => {
    const el = ref.current;
    if (el && nearBottom.current) el.scrollTop = el.scrollHeight;
  };

  const rows = merge(snap.items, notices);
  const fg = textOn(color);
  const empty = snap.items.length === 0;

  return (
    <div
      ref={ref}
      onScroll={onScroll}
      data-testid="widget-messages"
      role="log"
      aria-live="polite"
      aria-label={t(locale, "widget.messages")}
      className="flex-1 overflow-y-auto overscroll-contain px-3 py-3 sm:px-4"
    >
      {snap.hasOlder && (
        <div className="mb-3 flex justify-center">
          <button
            type="button"
            data-testid="widget-load-older"
            onClick={loadOlder}
            disabled={snap.loadingOlder}
            className="rounded-full border border-slate-200 bg-white px-3 py-1 text-xs font-medium text-slate-600 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-400 disabled:opacity-60"
          >
            {snap.loadingOlder ? t(locale, "widget.loading") : t(locale, "widget.loadOlder")}
          </button>
        </div>
      )}

      {empty && snap.loading && (
        <p className="py-10 text-center text-sm text-slate-500" role="status">
          {t(locale, "widget.loading")}
        </p>
      )}

      {empty && !snap.loading && snap.error && (
        <div className="py-10 text-center text-sm text-slate-600" role="alert">
          <p>{snap.error}</p>
          <button
            type="button"
            onClick={() => void store.loadLatest()}
            className="mt-3 rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
          >
            {t(locale, "widget.tryAgain")}
          </button>
        </div>
      )}

      {empty && !snap.loading && !snap.error && (
        <div className="flex flex-col items-start" data-testid="widget-greeting">
          <span className="mb-1 ml-1 text-xs font-medium text-slate-500">{props.siteName}</span>
          <div className="max-w-[85%] rounded-2xl rounded-bl-md bg-slate-100 px-3.5 py-2 text-[15px] leading-snug whitespace-pre-wrap break-words text-slate-900">
            {props.greeting || t(locale, "widget.empty")}
          </div>
        </div>
      )}

      {!empty && snap.error && (
        <p className="mb-2 text-center text-xs text-red-600" role="alert">
          {snap.error}
        </p>
      )}

      <div className="flex flex-col">
        {rows.map((row, i) => {
          if (row.kind === "notice") {
            return (
              <p key={row.notice.key} data-testid="widget-notice" className="my-2 text-center text-xs text-slate-500">
                {row.notice.text}
              </p>
            );
          }
          const it = row.item;
          const prev = rows[i - 1];
          const next = rows[i + 1];
          const startsRun = !prev || prev.kind !== "msg" || !sameSender(prev.item, it) || isSystem(prev.item);
          const endsRun =
            !next ||
            next.kind !== "msg" ||
            !sameSender(next.item, it) ||
            next.item.datetime - it.datetime > GROUP_GAP_MS ||
            isSystem(next.item);
          if (isSystem(it)) {
            return (
              <p key={it.key} data-key={it.key} data-testid="widget-message" data-mine="false" className="my-2 text-center text-xs text-slate-500">
                {typeof it.msg.content === "string" ? it.msg.content : ""}
              </p>
            );
          }
          return (
              <Bubble
                key={it.key}
                item={it}
                locale={locale}
                color={color}
                fg={fg}
                showName={startsRun && !it.mine}
                showTime={endsRun}
                spaced={startsRun && i > 0}
                onRetry={() => void store.retry(it.msgId)}
                onDelete={() => store.remove(it.msgId)}
                onImageLoad={onImageLoad}
              />
          );
        })}
      </div>
    </div>
  );
}

function Bubble(props: {
  item: ChatItem;
  locale: UiLocale;
  color: string;
  fg: string;
  showName: boolean;
  showTime: boolean;
  spaced: boolean;
  onRetry(): void;
  onDelete(): void;
  onImageLoad(): void;
}) {
  const { item: it, locale } = props;
  const mine = it.mine;
  const imageUrl = it.msgType === 3 && typeof it.msg.imageUrl === "string" && it.msg.imageUrl.startsWith("/uploads/") ? it.msg.imageUrl : null;
  const text = typeof it.msg.content === "string" ? it.msg.content : null;
  const failed = it.status === "failed";
  const sending = it.status === "sending";
  const name = it.senderInfo?.nickname || t(locale, "widget.support");
  const w = typeof it.msg.width === "number" ? it.msg.width : undefined;
  const h = typeof it.msg.height === "number" ? it.msg.height : undefined;

  const body = imageUrl ? (
    // eslint-disable-next-line @next/next/no-img-element
    <img
      src={imageUrl}
      alt={t(locale, "widget.image")}
      width={w}
      height={h}
      onLoad={props.onImageLoad}
      className={`block h-auto max-h-60 w-auto max-w-full rounded-2xl border border-slate-200 bg-slate-100 object-contain ${sending ? "opacity-60" : ""}`}
    />
  ) : (
    <div
      className={`rounded-2xl px-3.5 py-2 text-[15px] leading-snug whitespace-pre-wrap break-words [overflow-wrap:anywhere] ${
        mine ? "rounded-br-md" : "rounded-bl-md bg-slate-100 text-slate-900"
      } ${sending ? "opacity-70" : ""} ${failed ? "ring-2 ring-red-400" : ""}`}
      style={mine ? { background: props.color, color: props.fg } : undefined}
    >
      {text ?? "…"}
    </div>
  );

  return (
    <div
      data-testid="widget-message"
      data-mine={mine ? "true" : "false"}
      data-status={it.status}
      data-key={it.key}
      className={`flex flex-col ${mine ? "items-end" : "items-start"} ${props.spaced ? "mt-3" : "mt-1"}`}
    >
      {props.showName && <span className="mb-1 ml-1 text-xs font-medium text-slate-500">{name}</span>}
      <div className="max-w-[80%] min-w-0">
        {imageUrl && !failed ? (
          <a href={imageUrl} target="_blank" rel="noopener noreferrer" className="block">
            {body}
          </a>
        ) : (
          body
        )}
      </div>
      {failed ? (
        <p data-testid="widget-message-error" className="mt-1 mr-1 max-w-[85%] text-right text-xs leading-5">
          <span className="text-red-700" role="alert" title={it.error}>
            {t(locale, "widget.notSent", { reason: failureReason(it, locale), code: String(it.errorCode ?? "?") })}
          </span>
          {isRetryable(it.errorCode) && (
            <button
              type="button"
              data-testid="widget-retry"
              onClick={props.onRetry}
              className="ml-2 rounded font-semibold text-red-700 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-red-400"
            >
              {t(locale, "widget.retry")}
            </button>
          )}
          <button
            type="button"
            data-testid="widget-delete"
            onClick={props.onDelete}
            className="ml-2 rounded font-semibold text-slate-600 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-slate-400"
          >
            {t(locale, "widget.delete")}
          </button>
        </p>
      ) : sending ? (
        <span className="mt-1 mr-1 text-xs text-slate-400">{t(locale, "widget.sending")}</span>
      ) : props.showTime ? (
        <time dateTime={new Date(it.datetime).toISOString()} className={`mt-1 text-[11px] text-slate-400 ${mine ? "mr-1" : "ml-1"}`}>
          {formatTime(it.datetime, locale)}
        </time>
      ) : null}
    </div>
  );
}
