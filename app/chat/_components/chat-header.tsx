"use client";
// What a friend chat, a group chat and a chat room show alike around the message list: the
// header (Back on a phone, who or which group or room it is with the muted icon and a second
// line, the info panel on demand), the empty list, and a re-render when a mute ends.
import { useEffect, useState, type ReactNode } from "react";
import { t, type UiLocale } from "../../_lib/i18n";
import { Avatar } from "./avatar";
import { BackIcon, InfoIcon, MutedIcon } from "./icons";

/** whose picture: a person's id, "g<roomId>" for a group, "r<groupId>" for a chat room */
type Face = { id: string; name: string; src?: string | null };

export function ChatHeader(p: {
  locale: UiLocale;
  face: Face;
  title: string;
  isMuted: boolean;
  /** the line under the title (the friend's own name under a remark, a group's counts); none: null */
  subtitle?: ReactNode;
  subtitleTestId?: string;
  /** "Friend info" / "Group info": the info button's words */
  infoLabel: string;
  infoOpen: boolean;
  /** a group I am no longer in has no info button */
  hasInfoButton?: boolean;
  onBack(): void;
  /** none: there is no info panel (a chat room) — the title is only a title */
  onInfo?(): void;
  /** more buttons at the right */
  actions?: ReactNode;
}) {
  const { locale } = p;
  const title = (
    <>
      <Avatar id={p.face.id} name={p.face.name} src={p.face.src} size="sm" />
      <span className="min-w-0">
        <span className="flex items-center gap-1.5">
          <span data-testid="chat-title" className="truncate text-base leading-tight font-semibold">
            {p.title}
          </span>
          {p.isMuted && (
            <span className="shrink-0 text-slate-400" role="img" aria-label={t(locale, "chat.muted")} title={t(locale, "chat.muted")}>
              <MutedIcon />
            </span>
          )}
        </span>
        {p.subtitle != null && (
          <span data-testid={p.subtitleTestId} className="block truncate text-xs text-slate-500">
            {p.subtitle}
          </span>
        )}
      </span>
    </>
  );
  return (
    <header className="flex shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-2 pt-[max(0.5rem,env(safe-area-inset-top))] pb-2 md:px-4">
      <button
        type="button"
        onClick={p.onBack}
        data-testid="chat-back"
        aria-label={t(locale, "chat.back")}
        title={t(locale, "chat.back")}
        className="flex h-10 w-10 items-center justify-center rounded-full text-indigo-700 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500 md:hidden"
      >
        <BackIcon className="h-6 w-6" />
      </button>
      {p.onInfo ? (
        <button
          type="button"
          onClick={p.onInfo}
          className="flex min-w-0 flex-1 items-center gap-3 rounded-lg px-1 py-0.5 text-left outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          aria-label={`${p.title} · ${p.infoLabel}`}
        >
          {title}
        </button>
      ) : (
        <div className="flex min-w-0 flex-1 items-center gap-3 px-1 py-0.5 md:pl-0">{title}</div>
      )}
      {p.actions}
      {p.onInfo && (p.hasInfoButton ?? true) && (
        <button
          type="button"
          onClick={p.onInfo}
          data-testid="chat-open-info"
          aria-expanded={p.infoOpen}
          aria-label={p.infoLabel}
          title={p.infoLabel}
          className={`flex h-10 w-10 shrink-0 items-center justify-center rounded-full outline-none hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-indigo-500 ${
            p.infoOpen ? "bg-indigo-50 text-indigo-700" : "text-slate-600"
          }`}
        >
          <InfoIcon className="h-6 w-6" />
        </button>
      )}
    </header>
  );
}

/** the message list before the first message: the picture and a line */
export function NoMessages({ face, text }: { face: Face; text: string }) {
  return (
    <div className="flex h-full flex-col items-center justify-center gap-3 py-16 text-center text-sm text-slate-500" data-testid="chat-no-messages">
      <Avatar id={face.id} name={face.name} src={face.src} size="lg" />
      <p>{text}</p>
    </div>
  );
}

/** re-render when a time passes (a mute ending) */
export function useAt(at: number | null) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!at) return;
    const ms = at - Date.now();
    if (ms <= 0) return;
    const id = setTimeout(() => setTick((n) => n + 1), Math.min(ms + 50, 2 ** 31 - 1));
    return () => clearTimeout(id);
  }, [at]);
}
