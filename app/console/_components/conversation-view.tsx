"use client";
import { useLayoutEffect, useRef, useState, useSyncExternalStore, type ChangeEvent, type KeyboardEvent } from "react";
import type { ConversationSummary } from "../../../server/protocol/frames";
import type { ChatItem, ConversationStore } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import { avatarColor, avatarText, messageTime, safeImageUrl } from "./format";

const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

interface Props {
  locale: UiLocale;
  myId: string;
  store: ConversationStore;
  summary: ConversationSummary | null;
  /** the newest logId the visitor has read (from live read receipts) */
  visitorReadLogId: string | null;
  taking: boolean;
  onTake(): void;
  onBack(): void;
  onError(text: string): void;
  now: number;
}

export function ConversationView(p: Props) {
  const { locale, store, summary, myId } = p;
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);

  const waiting = summary?.status === "waiting";
  const closed = summary?.status === "closed";
  const servedByOther = !!summary && summary.status === "open" && !!summary.agentId && summary.agentId !== myId;
  const canWrite = !closed && !servedByOther;

  return (
    <section className="flex min-h-0 flex-1 flex-col bg-slate-50" aria-label={summary?.visitor.name ?? t(locale, "console.inbox")}>
      <header className="flex shrink-0 items-center gap-3 border-b border-slate-200 bg-white px-3 py-2.5 md:px-5">
        <button
          type="button"
          onClick={p.onBack}
          data-testid="console-back"
          className="-ml-1 flex items-center gap-1 rounded-lg px-2 py-1.5 text-sm font-medium text-indigo-700 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500 md:hidden"
        >
          <span aria-hidden>‹</span>
          {t(locale, "console.back")}
        </button>
        <span
          aria-hidden
          className={`hidden h-9 w-9 shrink-0 items-center justify-center rounded-full text-sm font-semibold sm:flex ${
            waiting ? "bg-amber-100 text-amber-800" : avatarColor(summary?.visitor.id ?? "")
          }`}
        >
          {avatarText(summary?.visitor.name ?? "?")}
        </span>
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-base font-semibold leading-tight">{summary?.visitor.name ?? "…"}</h2>
          {summary && (
            <p className="truncate text-xs text-slate-500">
              {summary.siteName}
              {summary.visitor.customerId ? ` · #${summary.visitor.customerId}` : ""}
              {" · "}
              {waiting ? t(locale, "console.waiting") : summary.agentName ?? ""}
            </p>
          )}
        </div>
        {waiting && (
          <button
            type="button"
            data-testid="console-take"
            onClick={p.onTake}
            disabled={p.taking}
            className="shrink-0 rounded-lg bg-amber-500 px-4 py-2 text-sm font-semibold text-white outline-none hover:bg-amber-600 focus-visible:ring-2 focus-visible:ring-amber-700 focus-visible:ring-offset-2 disabled:opacity-60"
          >
            {t(locale, "console.take")}
          </button>
        )}
      </header>

      {waiting && (
        <p className="shrink-0 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">{t(locale, "console.waitingNotice")}</p>
      )}
      {servedByOther && (
        <p className="shrink-0 border-b border-slate-200 bg-slate-100 px-4 py-2 text-sm text-slate-700">
          {t(locale, "console.servedBy", { name: summary?.agentName ?? "" })}
        </p>
      )}

      <MessageList key={`log-${store.conversationId}`} {...p} snap={snap} />

      {closed ? (
        <p className="shrink-0 border-t border-slate-200 bg-white px-4 py-3 text-center text-sm text-slate-500">{t(locale, "console.closed")}</p>
      ) : canWrite ? (
        <Composer key={`composer-${store.conversationId}`} {...p} />
      ) : null}
    </section>
  );
}

function MessageList(p: Props & { snap: ReturnType<ConversationStore["getSnapshot"]> }) {
  const { snap, locale, store } = p;
  const items = snap.items;
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const prev = useRef<{ first?: string; last?: string; height: number; top: number }>({ height: 0, top: 0 });

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const first = items[0]?.key;
    const last = items[items.length - 1]?.key;
    const before = prev.current;
    if (before.first && first !== before.first && last === before.last) {
      // older messages arrived on top: keep the message the agent was reading where it was
      el.scrollTop = before.top + (el.scrollHeight - before.height);
    } else if (last !== before.last) {
      if (atBottom.current || !before.last || items[items.length - 1]?.mine) {
        el.scrollTop = el.scrollHeight;
        atBottom.current = true;
      }
    }
    prev.current = { first, last, height: el.scrollHeight, top: el.scrollTop };
  }, [items]);

  function onScroll() {
    const el = ref.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
    prev.current.top = el.scrollTop;
    prev.current.height = el.scrollHeight;
  }

  function onMediaLoad() {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
    if (el) prev.current.height = el.scrollHeight;
  }

  // the newest of my messages the visitor has read
  let seenKey: string | null = null;
  if (p.visitorReadLogId) {
    const read = BigInt(p.visitorReadLogId);
    for (const it of items) if (it.mine && it.logId && BigInt(it.logId) <= read) seenKey = it.key;
  }

  return (
    <div
      ref={ref}
      onScroll={onScroll}
      data-testid="console-messages"
      role="log"
      aria-live="polite"
      aria-busy={snap.loading}
      className="min-h-0 flex-1 overflow-y-auto px-3 py-4 md:px-6"
    >
      {snap.hasOlder && (
        <div className="mb-3 flex justify-center">
          <button
            type="button"
            data-testid="console-load-older"
            onClick={() => void store.loadOlder()}
            disabled={snap.loadingOlder}
            className="rounded-full bg-white px-3 py-1 text-xs font-medium text-indigo-700 shadow-sm ring-1 ring-slate-200 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-60"
          >
            {snap.loadingOlder ? t(locale, "console.loading") : t(locale, "console.loadOlder")}
          </button>
        </div>
      )}
      {snap.loading && items.length === 0 && <p className="py-8 text-center text-sm text-slate-500">{t(locale, "console.loading")}</p>}
      {snap.error && (
        <div role="alert" className="mx-auto my-3 max-w-md rounded-lg bg-red-50 px-3 py-2 text-center text-sm text-red-800 ring-1 ring-red-200">
          {snap.error}{" "}
          <button type="button" className="font-medium underline" onClick={() => void (items.length ? store.catchUp() : store.loadLatest())}>
            {t(locale, "console.tryAgain")}
          </button>
        </div>
      )}
      {!snap.loading && !snap.error && items.length === 0 && (
        <p className="py-8 text-center text-sm text-slate-500">{t(locale, "console.noMessages")}</p>
      )}
      <ol className="space-y-2">
        {items.map((it) => (
          <Bubble key={it.key} it={it} {...p} seen={it.key === seenKey} onMediaLoad={onMediaLoad} />
        ))}
      </ol>
    </div>
  );
}

function Bubble({
  it,
  locale,
  store,
  now,
  seen,
  onMediaLoad,
}: Props & { it: ChatItem; seen: boolean; onMediaLoad(): void }) {
  if (it.fromType === "system") {
    return (
      <li data-testid="console-message" data-mine="false" className="py-1 text-center text-xs text-slate-500">
        {typeof it.msg.content === "string" ? it.msg.content : ""}
      </li>
    );
  }
  const mine = it.mine;
  const img = it.msgType === 3 ? safeImageUrl(it.msg) : null;
  const text = it.msgType === 1 && typeof it.msg.content === "string" ? it.msg.content : null;
  const w = typeof it.msg.width === "number" ? it.msg.width : undefined;
  const h = typeof it.msg.height === "number" ? it.msg.height : undefined;
  return (
    <li
      data-testid="console-message"
      data-mine={mine ? "true" : "false"}
      data-status={it.status}
      data-log-id={it.logId ?? undefined}
      className={`flex flex-col ${mine ? "items-end" : "items-start"}`}
    >
      {!mine && it.fromType === "agent" && <span className="mb-0.5 px-1 text-xs text-slate-500">{it.senderInfo.nickname}</span>}
      <div
        className={`max-w-[85%] md:max-w-[70%] ${
          img ? "overflow-hidden rounded-2xl" : "rounded-2xl px-3.5 py-2"
        } ${mine ? "bg-indigo-600 text-white" : "bg-white text-slate-900 ring-1 ring-slate-200"} ${
          it.status === "sending" ? "opacity-70" : ""
        } ${it.status === "failed" ? "ring-2 ring-red-400" : ""}`}
      >
        {img ? (
          <a href={img} target="_blank" rel="noopener noreferrer" className="block outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
            {/* eslint-disable-next-line @next/next/no-img-element -- user uploads, served by Parley itself */}
            <img
              src={img}
              alt={t(locale, "console.imagePreview")}
              width={w}
              height={h}
              onLoad={onMediaLoad}
              className="block h-auto max-h-72 w-auto max-w-full object-contain"
              style={w && h ? { aspectRatio: `${w} / ${h}` } : undefined}
            />
          </a>
        ) : text !== null ? (
          <p className="whitespace-pre-wrap break-words text-[15px] leading-snug">{text}</p>
        ) : (
          <p className="text-sm italic opacity-80">{t(locale, "console.otherPreview")}</p>
        )}
      </div>
      <span className="mt-0.5 flex items-center gap-2 px-1 text-[11px] text-slate-500">
        {it.status === "sending" ? (
          <span>{t(locale, "console.sending")}</span>
        ) : it.status === "failed" ? (
          <>
            <span className="text-red-700" title={it.error}>
              {t(locale, "console.failed")}
              {it.error ? ` ${it.error}` : ""}
            </span>
            <button
              type="button"
              data-testid="console-retry"
              onClick={() => void store.retry(it.msgId)}
              className="rounded font-semibold text-indigo-700 underline outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              {t(locale, "console.retry")}
            </button>
          </>
        ) : (
          <time dateTime={new Date(it.datetime).toISOString()}>{messageTime(it.datetime, now, locale)}</time>
        )}
        {seen && <span data-testid="console-seen">· {t(locale, "console.seen")}</span>}
      </span>
    </li>
  );
}

function Composer({ locale, store, onError }: Props) {
  const [text, setText] = useState("");
  const [uploading, setUploading] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);

  function resize() {
    const el = area.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }

  function send() {
    const content = text.trim();
    if (!content) return;
    setText("");
    requestAnimationFrame(resize);
    void store.sendText(content);
    area.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key !== "Enter" || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.nativeEvent.isComposing || e.keyCode === 229) return; // an IME is composing (zh, ja)
    e.preventDefault();
    send();
  }

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    e.target.value = "";
    if (!f) return;
    if (!f.type.startsWith("image/")) return onError(t(locale, "console.notImage"));
    if (f.size > MAX_UPLOAD_BYTES) return onError(t(locale, "console.uploadTooBig"));
    setUploading(true);
    try {
      await store.sendImage(f);
    } catch (err) {
      onError(err instanceof Error ? err.message : String(err));
    } finally {
      setUploading(false);
    }
  }

  return (
    <form
      className="flex shrink-0 items-end gap-2 border-t border-slate-200 bg-white px-3 py-2.5 pb-[max(0.625rem,env(safe-area-inset-bottom))] md:px-5"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <input ref={file} type="file" data-testid="console-file" accept="image/png,image/jpeg,image/gif,image/webp" className="hidden" onChange={onFile} tabIndex={-1} />
      <button
        type="button"
        onClick={() => file.current?.click()}
        disabled={uploading}
        data-testid="console-attach"
        aria-label={t(locale, "console.attach")}
        title={t(locale, "console.attach")}
        className="flex h-10 w-10 shrink-0 items-center justify-center rounded-lg text-slate-500 outline-none hover:bg-slate-100 hover:text-slate-800 focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50"
      >
        {uploading ? (
          <span aria-hidden className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600" />
        ) : (
          <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <rect x="3" y="3" width="18" height="18" rx="2" />
            <circle cx="8.5" cy="8.5" r="1.5" />
            <path d="M21 15l-5-5L5 21" />
          </svg>
        )}
      </button>
      <label htmlFor="console-input" className="sr-only">
        {t(locale, "console.reply")}
      </label>
      <textarea
        id="console-input"
        ref={area}
        data-testid="console-input"
        rows={1}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          resize();
        }}
        onKeyDown={onKeyDown}
        placeholder={t(locale, "console.reply")}
        maxLength={4000}
        className="max-h-40 min-h-10 flex-1 resize-none rounded-lg border border-slate-300 px-3 py-2 text-[15px] leading-snug outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
      />
      <button
        type="submit"
        data-testid="console-send"
        disabled={!text.trim()}
        className="h-10 shrink-0 rounded-lg bg-indigo-600 px-4 text-sm font-semibold text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-50"
      >
        {t(locale, "console.send")}
      </button>
    </form>
  );
}
