"use client";
// What is inside a bubble, per msgType: text (always as text, never as HTML), image, audio,
// video, file, and the placeholders for recalled, uploading and unknown messages. Media URLs
// are used only when they are Parley uploads (safeUploadUrl).
import type { ReactNode } from "react";
import type { ChatItem } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import { formatBytes, formatDuration, safeUploadUrl } from "./format";

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : undefined);

export type BodyKind = "text" | "image" | "audio" | "video" | "file" | "packet" | "uploading" | "other";

export function bodyKind(it: ChatItem): BodyKind {
  if (it.uploading) return "uploading";
  switch (it.msgType) {
    case 1:
      return typeof it.msg.content === "string" ? "text" : "other";
    case 3:
      return safeUploadUrl(it.msg.imageUrl) ? "image" : "other";
    case 2:
      return safeUploadUrl(it.msg.mediaUrl) ? "audio" : "other";
    case 5:
      return safeUploadUrl(it.msg.mediaUrl) ? "video" : "other";
    case 7:
      return safeUploadUrl(it.msg.fileUrl) ? "file" : "other";
    case 4:
      return typeof it.msg.packetId === "string" ? "packet" : "other";
    default:
      return "other";
  }
}

/** bubbles that are pictures: no padding, the time sits on the picture */
export const isMediaKind = (k: BodyKind) => k === "image" || k === "video";

export function MessageBody(p: {
  it: ChatItem;
  locale: UiLocale;
  /** the inline time and status (chat) — placed where the kind of body wants it */
  meta?: ReactNode;
  /** the meta has ticks too (my messages): more room at the end of the text */
  wideMeta?: boolean;
  onMediaLoad?(): void;
  testId: string;
}) {
  const { it, locale, meta } = p;
  const kind = bodyKind(it);
  const w = num(it.msg.width);
  const h = num(it.msg.height);
  switch (kind) {
    case "text":
      return (
        <p className="whitespace-pre-wrap break-words [overflow-wrap:anywhere]">
          {it.msg.content as string}
          {meta && <MetaSpacer wide={p.wideMeta} />}
          {meta && <span className="absolute right-2.5 bottom-1">{meta}</span>}
        </p>
      );
    case "image": {
      const src = safeUploadUrl(it.msg.imageUrl)!;
      return (
        <a href={src} target="_blank" rel="noopener noreferrer" className="relative block outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
          {/* eslint-disable-next-line @next/next/no-img-element -- user uploads, served by Parley itself */}
          <img
            src={src}
            alt={t(locale, "msg.image")}
            width={w}
            height={h}
            onLoad={p.onMediaLoad}
            className="block h-auto max-h-72 min-h-16 w-auto max-w-full min-w-16 object-contain"
            style={w && h ? { aspectRatio: `${w} / ${h}` } : { minHeight: 80, minWidth: 80 }}
          />
          {meta && <span className="absolute right-1.5 bottom-1.5 rounded-full bg-black/45 px-1.5 text-white">{meta}</span>}
        </a>
      );
    }
    case "video": {
      const src = safeUploadUrl(it.msg.mediaUrl)!;
      const poster = safeUploadUrl(it.msg.posterUrl) ?? undefined;
      return (
        <div className="relative">
          <video
            src={src}
            poster={poster}
            controls
            preload="metadata"
            playsInline
            width={w}
            height={h}
            onLoadedMetadata={p.onMediaLoad}
            data-testid={`${p.testId}-video`}
            aria-label={t(locale, "msg.video")}
            className="block h-auto max-h-72 w-auto max-w-full bg-black"
            style={w && h ? { aspectRatio: `${w} / ${h}` } : { minHeight: 120, minWidth: 200 }}
          />
          {meta && <span className="pointer-events-none absolute top-1.5 right-1.5 rounded-full bg-black/45 px-1.5 text-white">{meta}</span>}
        </div>
      );
    }
    case "audio": {
      const src = safeUploadUrl(it.msg.mediaUrl)!;
      const time = num(it.msg.time);
      return (
        <div className="flex flex-col gap-1">
          <span className="flex items-center gap-1.5 text-xs font-medium opacity-80">
            <MicIcon />
            {t(locale, "msg.audio")}
            {time ? ` · ${formatDuration(time)}` : ""}
          </span>
          <audio src={src} controls preload="metadata" data-testid={`${p.testId}-audio`} className="h-10 w-64 max-w-full" aria-label={t(locale, "msg.audio")} />
          {meta && <span className="self-end">{meta}</span>}
        </div>
      );
    }
    case "file": {
      const src = safeUploadUrl(it.msg.fileUrl)!;
      const name = typeof it.msg.name === "string" && it.msg.name ? it.msg.name : t(locale, "msg.file");
      const size = num(it.msg.size);
      return (
        <div className="flex min-w-0 flex-col gap-1">
          <a
            href={`${src}?name=${encodeURIComponent(name)}`}
            download={name}
            data-testid={`${p.testId}-file`}
            className="flex min-w-0 items-center gap-3 rounded-xl outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
            title={`${t(locale, "msg.download")} ${name}`}
          >
            <span aria-hidden className="flex h-10 w-10 shrink-0 items-center justify-center rounded-lg bg-black/10">
              <FileIcon />
            </span>
            <span className="min-w-0 flex-1">
              <span className="block truncate font-medium">{name}</span>
              <span className="block text-xs opacity-75">
                {size !== undefined ? formatBytes(size, locale) : ""}
                {size !== undefined ? " · " : ""}
                <span className="underline underline-offset-2">{t(locale, "msg.download")}</span>
              </span>
            </span>
          </a>
          {meta && <span className="self-end">{meta}</span>}
        </div>
      );
    }
    case "packet": {
      // where no screen draws red packets itself (MessageList customBubble): what it is, as text
      const greeting = typeof it.msg.greeting === "string" ? it.msg.greeting : "";
      return (
        <p className="whitespace-pre-wrap break-words [overflow-wrap:anywhere]">
          {`[${t(locale, "packet.name")}]${greeting ? ` ${greeting}` : ""}`}
          {meta && <MetaSpacer wide={p.wideMeta} />}
          {meta && <span className="absolute right-2.5 bottom-1">{meta}</span>}
        </p>
      );
    }
    case "uploading": {
      const name = typeof it.msg.name === "string" ? it.msg.name : "";
      const size = num(it.msg.size);
      return (
        <p className="flex min-w-0 items-center gap-2" role="status">
          <span aria-hidden className="h-4 w-4 shrink-0 animate-spin rounded-full border-2 border-current border-t-transparent opacity-70" />
          <span className="min-w-0">
            <span className="block truncate">{name || t(locale, "msg.uploading")}</span>
            <span className="block text-xs opacity-75">
              {t(locale, "msg.uploading")}
              {size !== undefined ? ` · ${formatBytes(size, locale)}` : ""}
            </span>
          </span>
        </p>
      );
    }
    default:
      return (
        <p className="text-sm italic opacity-80">
          {t(locale, "msg.unsupported")}
          {meta && <MetaSpacer wide={p.wideMeta} />}
          {meta && <span className="absolute right-2.5 bottom-1 not-italic">{meta}</span>}
        </p>
      );
  }
}

/** room at the end of a text's last line for the time that sits there */
function MetaSpacer({ wide }: { wide?: boolean }) {
  return <span aria-hidden className={`inline-block ${wide ? "w-[5.25rem]" : "w-16"}`} />;
}

function MicIcon() {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    </svg>
  );
}

function FileIcon() {
  return (
    <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
      <path d="M14 3v5h5" />
    </svg>
  );
}
