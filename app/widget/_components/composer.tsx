"use client";
import { useEffect, useId, useRef, useState, type ChangeEvent, type KeyboardEvent } from "react";
import type { ConversationStore } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import { MAX_TEXT_LENGTH } from "../../../server/protocol/frames";
import { MAX_IMAGE_BYTES, textOn } from "./format";

/** the counter shows from here on, so the limit is no surprise */
const COUNT_FROM = Math.floor(MAX_TEXT_LENGTH * 0.9);

/** what the server counts: UTF-16 units after trimming (server/protocol/frames.ts ZTextMsg) */
const countOf = (value: string) => value.trim().length;

export function Composer(props: {
  store: ConversationStore | null;
  locale: UiLocale;
  color: string;
  /** bumps when the panel opens: focus the input (not on touch screens) */
  focusKey: number;
}) {
  const { store, locale, color } = props;
  // The textarea is uncontrolled: what the shopper typed lives in the DOM and is read on send.
  // `text` only mirrors it for the Send button and the auto-height. It stays disabled until
  // the chat is ready, so nothing can be typed into a screen that is still being set up.
  const [text, setText] = useState("");
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const countId = useId();

  // grow with the text, up to about five lines
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 132)}px`;
  }, [text]);

  useEffect(() => {
    // with a mouse, type right away; on touch screens a keyboard popping up is in the way
    if (props.focusKey > 0 && window.matchMedia("(pointer: fine)").matches) input.current?.focus();
  }, [props.focusKey]);

  // Nothing is cut: a text over the limit stays in the box, with how much is over, and cannot
  // be sent until it is shortened (the server would refuse it with -7000).
  const count = countOf(text);
  const over = count - MAX_TEXT_LENGTH;
  const canSend = !!store && count > 0 && over <= 0;
  const num = new Intl.NumberFormat(locale);

  const send = () => {
    const el = input.current;
    const value = el?.value ?? "";
    if (!value.trim() || countOf(value) > MAX_TEXT_LENGTH) return;
    if (!store) return;
    void store.sendText(value);
    if (el) el.value = "";
    setText("");
    setProblem(null);
    input.current?.focus();
  };

  useEffect(() => {
    // ready: put the cursor in the box (with a mouse; on phones a popping keyboard is in the way)
    if (store && props.focusKey > 0 && window.matchMedia("(pointer: fine)").matches) input.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store]);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a new line; never while an IME is composing (zh/ja input)
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      send();
    }
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = "";
    if (!f || !store) return;
    if (!f.type.startsWith("image/")) return setProblem(t(locale, "widget.notImage"));
    if (f.size > MAX_IMAGE_BYTES) return setProblem(t(locale, "widget.uploadTooBig"));
    setProblem(null);
    setUploading(true);
    try {
      await store.sendImage(f);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="border-t border-slate-200 bg-white px-2 pt-2 pb-[max(0.5rem,env(safe-area-inset-bottom))]">
      {(problem || uploading) && (
        <p className={`mx-1 mb-1.5 text-xs ${problem ? "text-red-600" : "text-slate-500"}`} role={problem ? "alert" : "status"}>
          {problem ?? t(locale, "widget.uploading")}
        </p>
      )}
      {count >= COUNT_FROM && (
        <div id={countId} className="mx-1 mb-1.5 flex items-start justify-between gap-3 text-xs" aria-live="polite">
          <span data-testid="widget-too-long" className="text-red-700">
            {over > 0 ? t(locale, "widget.tooLong", { over: num.format(over), max: num.format(MAX_TEXT_LENGTH) }) : ""}
          </span>
          <span data-testid="widget-count" className={`shrink-0 tabular-nums ${over > 0 ? "font-semibold text-red-700" : "text-slate-500"}`}>
            {t(locale, "widget.count", { count: num.format(count), max: num.format(MAX_TEXT_LENGTH) })}
          </span>
        </div>
      )}
      <div className="flex items-end gap-1.5">
        <input ref={file} type="file" accept="image/*" className="hidden" onChange={onFile} data-testid="widget-file" tabIndex={-1} />
        <button
          type="button"
          data-testid="widget-attach"
          onClick={() => file.current?.click()}
          disabled={!store || uploading}
          aria-label={t(locale, "widget.attach")}
          title={t(locale, "widget.attach")}
          className="flex h-10 w-10 shrink-0 items-center justify-center rounded-full text-slate-500 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-400 disabled:opacity-40"
        >
          <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
            <rect x="3" y="4" width="18" height="16" rx="2.5" />
            <circle cx="9" cy="10" r="1.8" />
            <path d="M21 16l-5.5-5.5L6 20" />
          </svg>
        </button>
        <textarea
          ref={input}
          data-testid="widget-input"
          defaultValue=""
          disabled={!store}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          rows={1}
          aria-invalid={over > 0 || undefined}
          aria-describedby={count >= COUNT_FROM ? countId : undefined}
          placeholder={t(locale, "widget.placeholder")}
          aria-label={t(locale, "widget.placeholder")}
          className="max-h-[132px] min-h-10 flex-1 resize-none rounded-2xl border border-slate-300 bg-white px-3.5 py-2 text-base leading-6 text-slate-900 placeholder:text-slate-400 focus:border-slate-400 focus:ring-2 focus:ring-slate-200 focus:outline-none aria-invalid:border-red-400 aria-invalid:ring-red-100 disabled:cursor-wait disabled:bg-slate-50 sm:text-[15px]"
        />
        <button
          type="button"
          data-testid="widget-send"
          onClick={send}
          disabled={!canSend}
          aria-label={t(locale, "widget.send")}
          className="flex h-10 shrink-0 items-center justify-center gap-1 rounded-full px-3.5 text-sm font-semibold transition-opacity focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-400 disabled:opacity-40"
          style={{ background: color, color: textOn(color) }}
        >
          <span className="hidden min-[360px]:inline">{t(locale, "widget.send")}</span>
          <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
            <path d="M5 12h14M13 6l6 6-6 6" />
          </svg>
        </button>
      </div>
    </div>
  );
}
