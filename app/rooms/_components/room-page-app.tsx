"use client";
// /rooms/<id>, a chat room's public page, phone first: the room's picture, name and live
// online count, a line when it is closed or deleted, the shared message list, and at the
// bottom either the shared composer (a signed-in member) or "Sign in to speak" (a guest: the
// sign-in comes back here). A room that does not exist says so instead. On a wide screen the
// same column sits in the middle. What the page knows is RoomPageController's.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { Composer } from "../../_components/chat/composer";
import { MessageList } from "../../_components/chat/message-list";
import { onlineDetail, onlineText, RoomBanner, roomBlockText, roomNoticeText } from "../../_components/chat/room-parts";
import { useLocale } from "../../_components/use-locale";
import { t, type UiLocale } from "../../_lib/i18n";
import { roomBlock } from "../../_lib/room-state";
import { loginUrl } from "../../_lib/return-path";
import { createApi } from "../../_lib/trpc";
import { Avatar } from "../../chat/_components/avatar";
import { NoMessages, useAt } from "../../chat/_components/chat-header";
import { ExternalIcon, RoomIcon } from "../../chat/_components/icons";
import { RoomPageController, type KeyValueStore } from "../_lib/room-page";

/** localStorage, or nothing when the browser blocks it (the guest is then new on every visit) */
const browserStorage: KeyValueStore = {
  get(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch {
      /* blocked */
    }
  },
};

function useNow(everyMs: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

export function RoomPageApp({ roomId, signedIn }: { roomId: string | null; signedIn: boolean }) {
  const locale = useLocale();
  if (!roomId) return <Gone locale={locale} />;
  return <RoomPageInner roomId={roomId} signedIn={signedIn} locale={locale} />;
}

function RoomPageInner({ roomId, signedIn, locale }: { roomId: string; signedIn: boolean; locale: UiLocale }) {
  const localeRef = useRef(locale);
  useLayoutEffect(() => {
    localeRef.current = locale;
  });
  const now = useNow(30_000);
  const page = useMemo(
    () =>
      new RoomPageController({
        roomId,
        signedIn,
        makeApi: (getToken) => createApi({ getToken, getLocale: () => localeRef.current }),
        storage: browserStorage,
        locale: () => localeRef.current,
      }),
    [roomId, signedIn],
  );
  useEffect(() => {
    void page.start();
    return () => page.dispose();
  }, [page]);
  const snap = useSyncExternalStore(page.subscribe, page.getSnapshot, page.getSnapshot);
  const view = snap.rooms.views[roomId];
  const store = useMemo(() => (snap.identity ? page.rooms.storeFor(roomId) : null), [page, roomId, snap.identity]);
  const storeSnap = useSyncExternalStore(store?.subscribe ?? noSubscribe, store?.getSnapshot ?? noSnapshot, store?.getSnapshot ?? noSnapshot);
  const isGuest = snap.identity?.kind !== "member";
  const info = view?.info ?? null;
  const name = info?.groupName ?? "";

  useEffect(() => {
    document.title = name ? `${name} · ${t(locale, "room.docTitle")}` : t(locale, "room.docTitle");
  }, [name, locale]);

  // a member signed out elsewhere: the page starts again as a guest's
  useEffect(() => {
    if (!snap.memberEnded) return;
    const id = setTimeout(() => window.location.reload(), 1500);
    return () => clearTimeout(id);
  }, [snap.memberEnded]);

  // toasts: muted (and until when), no longer muted, open again — closed and deleted are the banner's to say
  const notice = snap.notice && snap.notice.kind !== "closed" && snap.notice.kind !== "deleted" ? snap.notice : null;
  useEffect(() => {
    if (!notice) return;
    const id = setTimeout(() => page.dismissNotice(), 6000);
    return () => clearTimeout(id);
  }, [notice, page]);

  const serverNow = page.serverNow();
  const block = roomBlock(view, storeSnap, serverNow, isGuest);
  useAt(block?.kind === "muted" && block.until ? Date.now() + (block.until - serverNow) : null);

  if (snap.phase === "error") {
    return (
      <main className="flex h-dvh items-center justify-center p-4">
        <div role="alert" data-testid="room-failed" className="w-full max-w-sm rounded-2xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200">
          <p className="text-slate-800">{t(locale, "room.loadFailed")}</p>
          {snap.error && <p className="mt-2 text-sm text-slate-500">{snap.error}</p>}
          <button type="button" onClick={() => page.retry()} className="mt-4 rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
            {t(locale, "room.retry")}
          </button>
        </div>
      </main>
    );
  }
  if (view?.phase === "missing") return <Gone locale={locale} />;
  if (snap.phase === "starting" || !store) {
    return (
      <main className="flex h-dvh items-center justify-center text-sm text-slate-500" aria-busy="true" data-testid="room-loading">
        {t(locale, "room.loading")}
      </main>
    );
  }

  const face = { id: `r${roomId}`, name, src: info?.avatar ?? "" };
  const online = view?.phase === "open" ? onlineText(view.online, locale) : null;
  const detail = view?.phase === "open" ? onlineDetail(view.online, locale) : null;
  const back = `/rooms/${roomId}`;
  const blockText = roomBlockText(block, locale, serverNow);
  const memberName = snap.identity?.kind === "member" ? snap.identity.name : null;

  return (
    <div className="flex h-dvh flex-col bg-slate-100 text-slate-900" data-testid="room-page" data-room-id={roomId} data-phase={view?.phase ?? ""} data-join={view?.join ?? ""} data-guest={isGuest ? "true" : "false"}>
      {(snap.live === "reconnecting" || snap.memberEnded) && (
        <div data-testid="room-reconnecting" role="status" className="flex shrink-0 items-center justify-center gap-2 bg-amber-100 px-4 py-1 text-xs font-medium text-amber-900">
          <span aria-hidden className="h-2 w-2 animate-pulse rounded-full bg-amber-600" />
          {snap.memberEnded ? t(locale, "chat.sessionEnded") : t(locale, "room.reconnecting")}
        </div>
      )}
      <div className="relative mx-auto flex min-h-0 w-full max-w-3xl flex-1 flex-col overflow-hidden bg-white md:my-4 md:rounded-2xl md:shadow-sm md:ring-1 md:ring-slate-200">
        <header className="flex shrink-0 items-center gap-3 border-b border-slate-200 bg-white px-3 pt-[max(0.625rem,env(safe-area-inset-top))] pb-2.5 md:px-5">
          <Avatar id={face.id} name={name} src={face.src} />
          <div className="min-w-0 flex-1">
            <h1 data-testid="room-title" className="flex items-center gap-1.5 text-base leading-tight font-semibold">
              <RoomIcon className="h-4 w-4 shrink-0 text-slate-400" />
              <span className="truncate">{name}</span>
            </h1>
            {online && (
              <p data-testid="room-online" className="mt-0.5 flex items-center gap-1.5 truncate text-xs text-slate-500">
                <span aria-hidden className={`h-1.5 w-1.5 shrink-0 rounded-full ${view?.online?.total ? "bg-emerald-500" : "bg-slate-300"}`} />
                <span className="truncate">
                  {online}
                  {/* who they are: where there is room for it */}
                  {detail && <span className="hidden sm:inline"> · {detail}</span>}
                </span>
              </p>
            )}
          </div>
          {memberName && (
            <a
              href={`/chat?r=${roomId}`}
              data-testid="room-open-in-chat"
              aria-label={t(locale, "room.openInChat")}
              title={t(locale, "room.signedInAs", { name: memberName })}
              className="flex h-10 shrink-0 items-center gap-1.5 rounded-full px-2.5 text-sm font-medium text-indigo-700 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500 sm:px-3 sm:ring-1 sm:ring-indigo-200"
            >
              <ExternalIcon className="h-5 w-5 sm:h-4 sm:w-4" />
              <span className="hidden sm:inline">{t(locale, "room.openInChat")}</span>
            </a>
          )}
        </header>
        {info?.description?.trim() && view?.phase === "open" && (
          <p data-testid="room-description" className="line-clamp-2 shrink-0 border-b border-slate-100 bg-white px-4 py-2 text-sm text-slate-600 md:px-5">
            {info.description.trim()}
          </p>
        )}

        <RoomBanner view={view} locale={locale} onRetry={() => page.retry()} />

        <MessageList
          key={store.key}
          store={store}
          locale={locale}
          variant="chat"
          receipts={isGuest ? undefined : "ticks"}
          readId={null}
          actions
          senderName={(it) => it.senderInfo?.nickname || null}
          onActionError={() => {}}
          now={now}
          empty={<NoMessages face={face} text={t(locale, isGuest ? "room.noMessagesGuest" : "room.noMessages")} />}
        />

        {isGuest && block?.kind === "guest" ? (
          <div data-testid="room-guest-bar" className="flex shrink-0 items-center gap-3 border-t border-slate-200 bg-white px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] md:px-5">
            <p className="min-w-0 flex-1 text-sm text-slate-500">{t(locale, "room.guestHint")}</p>
            <a
              href={loginUrl(back)}
              data-testid="room-sign-in"
              className="shrink-0 rounded-full bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
            >
              {t(locale, "room.signInToSpeak")}
            </a>
          </div>
        ) : isGuest ? (
          <p data-testid="chat-composer-disabled" className="shrink-0 border-t border-slate-200 bg-white px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] text-center text-sm text-slate-500">
            {blockText ?? t(locale, "room.guestHint")}
          </p>
        ) : (
          <div className="shrink-0 pb-[env(safe-area-inset-bottom)]">
            <Composer key={`composer-${store.key}`} store={store} locale={locale} variant="chat" placeholder={t(locale, "room.placeholder")} accept="any" focusKey={1} disabledReason={blockText} />
          </div>
        )}

        {notice && (
          <div
            role="status"
            data-testid="room-toast"
            className="absolute bottom-[calc(5rem+env(safe-area-inset-bottom))] left-1/2 z-40 flex w-[min(92%,26rem)] -translate-x-1/2 items-start gap-3 rounded-xl bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
          >
            <span className="flex-1">{roomNoticeText(notice, locale, serverNow)}</span>
            <button type="button" onClick={() => page.dismissNotice()} className="shrink-0 rounded font-medium text-slate-300 outline-none hover:text-white focus-visible:ring-2 focus-visible:ring-indigo-400">
              {t(locale, "room.dismiss")}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

const noSubscribe = () => () => {};
const noSnapshot = () => null;

/** no such room (or no longer): say so, and offer Parley */
function Gone({ locale }: { locale: UiLocale }) {
  return (
    <main className="flex h-dvh items-center justify-center p-4">
      <div data-testid="room-gone" role="alert" className="w-full max-w-sm rounded-2xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200">
        <RoomIcon className="mx-auto h-10 w-10 text-slate-300" />
        <p className="mt-3 font-medium text-slate-800">{t(locale, "room.missing")}</p>
        <a href="/chat" className="mt-4 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2">
          {t(locale, "room.openInChat")}
        </a>
      </div>
    </main>
  );
}
