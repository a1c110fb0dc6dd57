"use client";
import { useEffect, useState, useSyncExternalStore } from "react";
import { t } from "../../_lib/i18n";
import { Composer } from "../../_components/chat/composer";
import { siteColor, textOn } from "../../_components/chat/format";
import { MessageList } from "../../_components/chat/message-list";
import { isFramed, validOrigin } from "./host-bridge";
import { WidgetController, type WidgetSnapshot } from "./widget-controller";

/** The chat inside the iframe that public/embed.js puts on the shop's page. */
export function WidgetApp({ siteKey, hostOrigin }: { siteKey: string; hostOrigin: string | null }) {
  const [ctl, setCtl] = useState<WidgetController | null>(null);

  useEffect(() => {
    const c = new WidgetController(siteKey, { hostOrigin: validOrigin(hostOrigin), framed: isFramed() });
    setCtl(c);
    return () => c.dispose();
  }, [siteKey, hostOrigin]);

  if (!ctl) return <Shell />;
  return <Chat ctl={ctl} />;
}

function Chat({ ctl }: { ctl: WidgetController }) {
  const snap = useSyncExternalStore(ctl.subscribe, ctl.getSnapshot, ctl.getSnapshot);
  const [focusKey, setFocusKey] = useState(0);

  useEffect(() => {
    if (snap.open) setFocusKey((k) => k + 1);
  }, [snap.open]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && snap.framed) ctl.requestClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [ctl, snap.framed]);

  useEffect(() => {
    document.documentElement.lang = snap.locale;
    document.title = snap.site?.name ?? t(snap.locale, "widget.title");
  }, [snap.locale, snap.site?.name]);

  const color = siteColor(snap.site?.color);
  const { locale } = snap;

  return (
    <div className="flex h-dvh flex-col overflow-hidden bg-white text-slate-900">
      <Header snap={snap} color={color} onClose={() => ctl.requestClose()} />
      {snap.phase === "ready" && snap.live === "reconnecting" && (
        <div data-testid="widget-reconnecting" role="status" className="flex items-center gap-2 bg-amber-50 px-4 py-1.5 text-xs font-medium text-amber-800">
          <span className="inline-block h-2 w-2 animate-pulse rounded-full bg-amber-500" aria-hidden="true" />
          {t(locale, "widget.reconnecting")}
        </div>
      )}
      {snap.phase === "ready" && snap.store ? (
        <MessageList
          key={snap.store.conversationId}
          store={snap.store}
          locale={locale}
          variant="widget"
          accent={color}
          senderName={(it) => it.senderInfo?.nickname || t(locale, "widget.support")}
          notices={snap.notices}
          empty={<Greeting siteName={snap.site?.name ?? ""} text={snap.site?.greeting || t(locale, "widget.empty")} />}
        />
      ) : snap.phase === "error" ? (
        <div className="flex flex-1 flex-col items-center justify-center px-6 text-center" role="alert">
          <p className="text-sm text-slate-700">{snap.error}</p>
          {!snap.fatal && (
            <button
              type="button"
              onClick={() => ctl.retry()}
              className="mt-4 rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-slate-400"
            >
              {t(locale, "widget.tryAgain")}
            </button>
          )}
        </div>
      ) : (
        <div className="flex flex-1 items-center justify-center" role="status">
          <span className="text-sm text-slate-500">{t(locale, "widget.loading")}</span>
        </div>
      )}
      <Composer
        store={snap.phase === "ready" ? snap.store : null}
        locale={locale}
        variant="widget"
        accent={color}
        placeholder={t(locale, "widget.placeholder")}
        accept="image"
        focusKey={focusKey}
      />
    </div>
  );
}

/**
 * Who will answer, honestly (not the socket: that shows below the header only when it is not
 * open): the serving agent's name while they are online and connected, else that they are away
 * or offline; with nobody serving yet, whether someone could answer now.
 */
function availability(snap: WidgetSnapshot): { text: string; dot: string } | null {
  const { locale, agent } = snap;
  if (snap.phase !== "ready") return null;
  if (agent) {
    if (agent.status === "away") return { text: t(locale, "widget.agentAway", { name: agent.name }), dot: "#f59e0b" };
    if (agent.status === "offline" || !agent.connected) return { text: t(locale, "widget.agentOffline", { name: agent.name }), dot: "#94a3b8" };
    return { text: agent.name, dot: "#22c55e" };
  }
  return snap.agentsAvailable ? { text: t(locale, "widget.team"), dot: "#22c55e" } : { text: t(locale, "widget.away"), dot: "#94a3b8" };
}

function Header({ snap, color, onClose }: { snap: WidgetSnapshot; color: string; onClose(): void }) {
  const fg = textOn(color);
  const { locale } = snap;
  const state = availability(snap);
  return (
    <header className="flex shrink-0 items-center gap-3 px-4 py-3 shadow-sm" style={{ background: color, color: fg }}>
      <div className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-white/20 text-base font-semibold" aria-hidden="true">
        {snap.site?.name.trim() ? (
          snap.site.name.trim().charAt(0).toUpperCase()
        ) : (
          <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z" />
          </svg>
        )}
      </div>
      <div className="min-w-0 flex-1">
        <h1 className="truncate text-[15px] leading-5 font-semibold">{snap.site?.name ?? t(locale, "widget.title")}</h1>
        <p data-testid="widget-availability" className="flex items-start gap-1.5 text-xs leading-4 opacity-90" aria-live="polite">
          {state && <span className="mt-1 inline-block h-2 w-2 shrink-0 rounded-full ring-1 ring-white/70" style={{ background: state.dot }} aria-hidden="true" />}
          <span className="line-clamp-2 min-w-0 text-balance">{state?.text ?? "\u00a0"}</span>
        </p>
      </div>
      {snap.framed && (
        <button
          type="button"
          data-testid="widget-close"
          onClick={onClose}
          aria-label={t(locale, "widget.close")}
          title={t(locale, "widget.close")}
          className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full hover:bg-black/10 focus-visible:outline-2 focus-visible:outline-current"
        >
          <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" aria-hidden="true">
            <path d="M6 6l12 12M18 6L6 18" />
          </svg>
        </button>
      )}
    </header>
  );
}

/** the team's greeting, as the first message of a conversation that has none yet */
function Greeting({ siteName, text }: { siteName: string; text: string }) {
  return (
    <div className="flex flex-col items-start" data-testid="widget-greeting">
      <span className="mb-1 ml-1 text-xs font-medium text-slate-500">{siteName}</span>
      <div className="max-w-[85%] rounded-2xl rounded-bl-md bg-slate-100 px-3.5 py-2 text-[15px] leading-snug whitespace-pre-wrap break-words text-slate-900">
        {text}
      </div>
    </div>
  );
}

function Shell() {
  return <div className="h-dvh bg-white" />;
}
