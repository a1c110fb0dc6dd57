"use client";
// The composer every chat screen uses: a growing text box (Enter sends, Shift+Enter is a new
// line, never while an IME composes), a character counter near the limit that never cuts what
// was typed, and an attach button — images only (widget, console) or any file (/chat: image,
// audio, video, file; pasted images too). Audio and video are measured here (length, size)
// because only the browser can play them; the upload and the message are the store's.
import { useEffect, useId, useRef, useState, type ChangeEvent, type ClipboardEvent, type KeyboardEvent, type ReactNode } from "react";
import type { ConversationStore, FileMeta } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import { MAX_TEXT_LENGTH } from "../../../server/protocol/frames";
import { MAX_IMAGE_BYTES, PARLEY_INDIGO, textOn } from "./format";
import type { ListVariant } from "./message-list";

/** the counter shows from here on, so the limit is no surprise */
const COUNT_FROM = Math.floor(MAX_TEXT_LENGTH * 0.9);
/** how long we wait for a media file's length before sending without it */
const MEASURE_TIMEOUT_MS = 3_000;

/** what the server counts: UTF-16 units after trimming (server/protocol/frames.ts ZTextMsg) */
const countOf = (value: string) => value.trim().length;

/** length (and size, for video) of an audio or video file, as the browser reads it */
export function measureMedia(file: Blob): Promise<FileMeta> {
  const kind = file.type.startsWith("audio/") ? "audio" : file.type.startsWith("video/") ? "video" : null;
  if (!kind || typeof document === "undefined") return Promise.resolve({});
  return new Promise((resolve) => {
    const el = document.createElement(kind);
    const url = URL.createObjectURL(file);
    let done = false;
    const finish = (meta: FileMeta) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      URL.revokeObjectURL(url);
      el.removeAttribute("src");
      resolve(meta);
    };
    const timer = setTimeout(() => finish({}), MEASURE_TIMEOUT_MS);
    el.preload = "metadata";
    el.onloadedmetadata = () => {
      const meta: FileMeta = {};
      if (Number.isFinite(el.duration) && el.duration > 0) meta.durationSec = el.duration;
      if (el instanceof HTMLVideoElement && el.videoWidth && el.videoHeight) {
        meta.width = el.videoWidth;
        meta.height = el.videoHeight;
      }
      finish(meta);
    };
    el.onerror = () => finish({});
    el.src = url;
  });
}

export function Composer(props: {
  store: ConversationStore | null;
  locale: UiLocale;
  variant: ListVariant;
  /** the Send button's color (the widget: the site's) */
  accent?: string;
  placeholder: string;
  /** "image": only images (5 MB); "any": any file, the server says what it takes */
  accept: "image" | "any";
  /** bumps when the panel opens: focus the input (not on touch screens) */
  focusKey?: number;
  /** why nothing can be written here (then the box is replaced by this line) */
  disabledReason?: string | null;
  /** Escape in an empty box (close a panel, go back) */
  onEscape?(): void;
  /** more buttons beside attach (the messenger's red packet, where the server allows one) */
  tools?: ReactNode;
}) {
  const { store, locale, variant } = props;
  const accent = props.accent ?? PARLEY_INDIGO;
  // The textarea is uncontrolled: what was typed lives in the DOM and is read on send. `text`
  // only mirrors it for the Send button, the counter and the auto-height. It stays disabled
  // until the chat is ready, so nothing can be typed into a screen that is still being set up.
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);
  const countId = useId();
  const inputId = useId();

  // grow with the text, up to about five lines
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 132)}px`;
  }, [text]);

  useEffect(() => {
    // with a mouse, type right away; on touch screens a keyboard popping up is in the way
    if ((props.focusKey ?? 0) > 0 && window.matchMedia("(pointer: fine)").matches) input.current?.focus();
  }, [props.focusKey]);

  useEffect(() => {
    // ready: put the cursor in the box (with a mouse)
    if (store && (props.focusKey ?? 0) > 0 && window.matchMedia("(pointer: fine)").matches) input.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store]);

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

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter is a new line; never while an IME is composing (zh/ja input)
    if (e.key === "Enter" && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && !e.nativeEvent.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      send();
    } else if (e.key === "Escape" && props.onEscape && !e.currentTarget.value) {
      props.onEscape();
    }
  };

  const sendFiles = async (files: File[]) => {
    if (!store || !files.length) return;
    setProblem(null);
    for (const f of files) {
      if (props.accept === "image") {
        if (!f.type.startsWith("image/")) return setProblem(t(locale, "msg.notImage"));
        if (f.size > MAX_IMAGE_BYTES) return setProblem(t(locale, "msg.uploadTooBig"));
      }
      const meta = await measureMedia(f);
      // the bubble shows "uploading" and then the message, or the server's reason with Retry
      void store.sendFile(f, { name: f.name, meta });
    }
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = "";
    void sendFiles(files);
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...e.clipboardData.files];
    if (!files.length) return;
    if (props.accept === "image" && !files.every((f) => f.type.startsWith("image/"))) return;
    e.preventDefault();
    void sendFiles(files);
  };

  if (props.disabledReason) {
    return (
      <p data-testid={`${variant}-composer-disabled`} className="shrink-0 border-t border-slate-200 bg-white px-4 py-3 text-center text-sm text-slate-500">
        {props.disabledReason}
      </p>
    );
  }

  return (
    <div className="shrink-0 border-t border-slate-200 bg-white px-2 pt-2 pb-[max(0.5rem,env(safe-area-inset-bottom))]">
      {problem && (
        <p className="mx-1 mb-1.5 text-xs text-red-600" role="alert">
          {problem}
        </p>
      )}
      {count >= COUNT_FROM && (
        <div id={countId} className="mx-1 mb-1.5 flex items-start justify-between gap-3 text-xs" aria-live="polite">
          <span data-testid={`${variant}-too-long`} className="text-red-700">
            {over > 0 ? t(locale, "msg.tooLong", { over: num.format(over), max: num.format(MAX_TEXT_LENGTH) }) : ""}
          </span>
          <span data-testid={`${variant}-count`} className={`shrink-0 tabular-nums ${over > 0 ? "font-semibold text-red-700" : "text-slate-500"}`}>
            {t(locale, "msg.count", { count: num.format(count), max: num.format(MAX_TEXT_LENGTH) })}
          </span>
        </div>
      )}
      <div className="flex items-end gap-1.5">
        <input
          ref={file}
          type="file"
          accept={props.accept === "image" ? "image/png,image/jpeg,image/gif,image/webp" : undefined}
          multiple={props.accept === "any"}
          className="hidden"
          onChange={onFile}
          data-testid={`${variant}-file`}
          tabIndex={-1}
        />
        <button
          type="button"
          data-testid={`${variant}-attach`}
          onClick={() => file.current?.click()}
          disabled={!store}
          aria-label={t(locale, props.accept === "image" ? "msg.attachImage" : "msg.attachFile")}
          title={t(locale, props.accept === "image" ? "msg.attachImage" : "msg.attachFile")}
          className="flex h-10 w-10 shrink-0 items-center justify-center rounded-full text-slate-500 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-slate-400 disabled:opacity-40"
        >
          {props.accept === "image" ? (
            <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
              <rect x="3" y="4" width="18" height="16" rx="2.5" />
              <circle cx="9" cy="10" r="1.8" />
              <path d="M21 16l-5.5-5.5L6 20" />
            </svg>
          ) : (
            <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
              <path d="M21 11.5l-8.6 8.6a5.2 5.2 0 0 1-7.4-7.4l8.6-8.6a3.5 3.5 0 0 1 5 5l-8.6 8.6a1.8 1.8 0 0 1-2.5-2.5l7.9-7.9" />
            </svg>
          )}
        </button>
        {props.tools}
        <label htmlFor={inputId} className="sr-only">
          {props.placeholder}
        </label>
        <textarea
          id={inputId}
          ref={input}
          data-testid={`${variant}-input`}
          defaultValue=""
          disabled={!store}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          rows={1}
          enterKeyHint="send"
          aria-invalid={over > 0 || undefined}
          aria-describedby={count >= COUNT_FROM ? countId : undefined}
          placeholder={props.placeholder}
          className="max-h-[132px] min-h-10 flex-1 resize-none rounded-2xl border border-slate-300 bg-white px-3.5 py-2 text-base leading-6 text-slate-900 placeholder:text-slate-400 focus:border-slate-400 focus:ring-2 focus:ring-slate-200 focus:outline-none aria-invalid:border-red-400 aria-invalid:ring-red-100 disabled:cursor-wait disabled:bg-slate-50 sm:text-[15px]"
        />
        <button
          type="button"
          data-testid={`${variant}-send`}
          onClick={send}
          disabled={!canSend}
          aria-label={t(locale, "msg.send")}
          className="flex h-10 shrink-0 items-center justify-center gap-1 rounded-full px-3.5 text-sm font-semibold transition-opacity focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-400 disabled:opacity-40"
          style={{ background: accent, color: textOn(accent) }}
        >
          <span className="hidden min-[360px]:inline">{t(locale, "msg.send")}</span>
          <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
            <path d="M5 12h14M13 6l6 6-6 6" />
          </svg>
        </button>
      </div>
    </div>
  );
}
