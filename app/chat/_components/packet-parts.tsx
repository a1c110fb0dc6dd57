"use client";
// Red packets in a /chat conversation: the red card a msgType 4 message is drawn as (greeting,
// "Red packet" / "Lucky red packet", and its state — open, opened by me with my amount, all
// claimed, expired), the detail sheet it opens (claim; sender, terms, every claim with best luck;
// my share), the composer's "red packet" button where the server allows one (viewerCan.sendPacket),
// and the live "<name> opened your red packet" lines. Every state is the PacketBook's (one per
// packet, shared by all its bubbles); this only draws it.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import { formatTime } from "../../_components/chat/format";
import type { ListNotice } from "../../_components/chat/rows";
import type { ChatItem, ConversationStore } from "../../_lib/conversation-store";
import { trimAmount } from "../../_lib/decimal";
import { t, type UiLocale } from "../../_lib/i18n";
import { packetMsgOf, PACKET_LUCKY } from "../../_lib/packet-api";
import { canTryClaim, claimProblem, packetPhase, type PacketBook, type PacketPhase, type PacketView } from "../../_lib/packet-state";
import { Avatar } from "./avatar";
import { PacketSendDialog } from "./packet-send-dialog";
import { Dialog } from "./ui";

const usePacketView = (book: PacketBook, packetId: string) =>
  useSyncExternalStore(
    book.subscribe,
    () => book.getSnapshot().views[packetId],
    () => book.getSnapshot().views[packetId],
  );

const amountText = (amount: string, code: string) => `${trimAmount(amount)}${code ? ` ${code}` : ""}`;

function stateText(phase: PacketPhase, v: PacketView | undefined, locale: UiLocale, isOwnFriendPacket: boolean): string {
  switch (phase) {
    case "mine":
      return t(locale, "packet.state.mine", { amount: trimAmount(v?.mine ?? ""), code: v?.info?.code ?? "" }).trim();
    case "finished":
      return t(locale, "packet.state.finished");
    case "expired":
      return t(locale, "packet.state.expired");
    case "open":
      return isOwnFriendPacket ? t(locale, "packet.state.sent") : t(locale, "packet.state.open");
    default:
      return t(locale, "packet.state.loading");
  }
}

function EnvelopeIcon({ className = "h-9 w-9" }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 36 36" className={className}>
      <rect x="5" y="3" width="26" height="30" rx="4" fill="#fde68a" opacity=".25" />
      <path d="M5 9c4 4 8.5 6 13 6s9-2 13-6" fill="none" stroke="#fde68a" strokeWidth="2" />
      <circle cx="18" cy="16" r="4.5" fill="#fbbf24" />
      <path d="M16.3 16h3.4M18 14.3v3.4" stroke="#b45309" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  );
}

/** the bubble of a msgType 4 message */
export function PacketCard(p: {
  it: ChatItem;
  book: PacketBook;
  locale: UiLocale;
  myId: string;
  chatKey: string;
  channelType: number;
  /** the inline time and my message's ticks */
  meta: ReactNode;
  serverNow(): number;
  onOpen(packetId: string): void;
}) {
  const { it, book, locale } = p;
  const msg = packetMsgOf(it)!;
  const v = usePacketView(book, msg.packetId);
  useEffect(() => book.ensure(msg.packetId, p.chatKey), [book, msg.packetId, p.chatKey]);
  const phase = packetPhase(v, p.serverNow());
  const dim = phase === "mine" || phase === "finished" || phase === "expired";
  const label = t(locale, msg.packetType === PACKET_LUCKY ? "packet.lucky" : "packet.name");
  const ownFriendPacket = p.channelType === 3 && it.mine;
  const greeting = msg.greeting || t(locale, "packet.greetingPlaceholder");
  return (
    <button
      type="button"
      data-testid="packet-bubble"
      data-packet-id={msg.packetId}
      data-state={phase}
      data-finished={v?.finished || v?.remain === 0 ? "true" : "false"}
      onClick={() => p.onOpen(msg.packetId)}
      aria-label={`${t(locale, "packet.openDetail", { name: it.senderInfo?.nickname ?? "" })} · ${stateText(phase, v, locale, ownFriendPacket)}`}
      className={`relative block w-64 max-w-full overflow-hidden rounded-2xl text-left text-white shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-red-300 focus-visible:ring-offset-2 ${
        dim ? "bg-gradient-to-br from-red-300 to-orange-300" : "bg-gradient-to-br from-red-500 to-orange-500 hover:from-red-600 hover:to-orange-500"
      }`}
    >
      <span className="flex items-center gap-3 px-3.5 pt-3 pb-2.5">
        <EnvelopeIcon className="h-10 w-10 shrink-0" />
        <span className="min-w-0 flex-1">
          <span data-testid="packet-greeting-text" className="line-clamp-2 block text-[15px] leading-snug font-medium break-words [overflow-wrap:anywhere]">
            {greeting}
          </span>
          <span data-testid="packet-state" className="mt-0.5 block truncate text-xs text-white/90">
            {stateText(phase, v, locale, ownFriendPacket)}
          </span>
        </span>
      </span>
      <span className="flex items-center justify-between gap-2 border-t border-white/25 bg-black/5 px-3.5 py-1 text-[11px] text-white/90">
        <span data-testid="packet-label">{label}</span>
        {p.meta}
      </span>
    </button>
  );
}

/** the packet's detail: claim it, what I got, who got what */
export function PacketSheet(p: { book: PacketBook; packetId: string; locale: UiLocale; myId: string; channelType: number; serverNow(): number; now: number; onClose(): void }) {
  const { book, packetId, locale } = p;
  const v = usePacketView(book, packetId);
  // fresh: the claims list and what is left as the server has them now
  useEffect(() => void book.load(packetId), [book, packetId]);
  const info = v?.info ?? null;
  const serverNow = p.serverNow();
  const phase = packetPhase(v, serverNow);
  const canClaim = canTryClaim(v, serverNow);
  const ownFriendPacket = p.channelType === 3 && info?.sender.id === p.myId;
  const code = info?.code ?? "";
  const problem = v?.claimError ? claimProblem(v.claimError.code) : null;
  const claimError = v?.claimError ? (problem ? t(locale, `packet.claim.${problem}`) : v.claimError.text) : null;
  const localTime = (ms: number) => formatTime(ms - serverNow + Date.now(), locale, p.now);

  return (
    <Dialog locale={locale} title={info ? t(locale, "packet.sheetTitle", { name: info.sender.nickname }) : t(locale, "packet.name")} testId="packet-sheet" onClose={p.onClose}>
      <div data-packet-id={packetId} data-state={phase} className="flex flex-col">
        <div className="bg-gradient-to-b from-red-500 to-orange-500 px-5 pt-5 pb-6 text-center text-white">
          {info ? (
            <>
              <div className="flex items-center justify-center gap-2">
                <Avatar id={info.sender.id} name={info.sender.nickname} src={info.sender.avatar} size="sm" />
                <span data-testid="packet-sender" className="truncate font-medium">
                  {t(locale, "packet.from", { name: info.sender.nickname })}
                </span>
              </div>
              <p className="mt-2 text-lg font-semibold break-words [overflow-wrap:anywhere]">{info.greeting || t(locale, "packet.greetingPlaceholder")}</p>
              <p className="mt-1 text-xs text-white/85">{t(locale, info.type === PACKET_LUCKY ? "packet.lucky" : "packet.name")}</p>
            </>
          ) : v?.error ? (
            <div role="alert">
              <p className="text-sm">{v.error}</p>
              <button type="button" onClick={() => void book.load(packetId)} className="mt-3 rounded-lg bg-white/20 px-3 py-1.5 text-sm font-medium outline-none hover:bg-white/30 focus-visible:ring-2 focus-visible:ring-white">
                {t(locale, "packet.retry")}
              </button>
            </div>
          ) : (
            <p role="status" className="py-4 text-sm">
              {t(locale, "packet.loading")}
            </p>
          )}

          {v?.mine !== null && v?.mine !== undefined ? (
            <div className="mt-4" data-testid="packet-mine">
              <p className="text-xs text-white/85">{t(locale, "packet.yourShare")}</p>
              <p data-testid="packet-my-amount" className="text-3xl font-bold tabular-nums">
                {amountText(v.mine, code)}
              </p>
            </div>
          ) : canClaim ? (
            <button
              type="button"
              data-testid="packet-claim"
              disabled={v?.claiming}
              onClick={() => void book.claim(packetId)}
              data-autofocus
              className="mx-auto mt-4 flex h-20 w-20 items-center justify-center rounded-full bg-amber-300 text-xl font-bold text-red-800 shadow-lg ring-4 ring-amber-200/60 outline-none hover:bg-amber-200 focus-visible:ring-white disabled:opacity-70"
            >
              {v?.claiming ? "…" : t(locale, "packet.claim")}
              <span className="sr-only">{v?.claiming ? t(locale, "packet.claiming") : ""}</span>
            </button>
          ) : info && phase === "open" && ownFriendPacket ? (
            <p className="mt-4 text-sm text-white/90">{t(locale, "packet.waitingFriend")}</p>
          ) : info && (phase === "finished" || phase === "expired") ? (
            <p data-testid="packet-over" className="mt-4 text-sm font-medium text-white/95">
              {t(locale, phase === "finished" ? "packet.state.finished" : "packet.state.expired")}
            </p>
          ) : null}
          {claimError && (
            <p role="alert" data-testid="packet-claim-error" data-code={v?.claimError?.code ?? ""} className="mx-auto mt-3 max-w-xs rounded-lg bg-white/95 px-3 py-2 text-sm text-red-800">
              {claimError}
            </p>
          )}
        </div>

        {info && (
          <div className="px-5 py-4">
            <p data-testid="packet-summary" className="text-sm text-slate-700">
              {t(locale, "packet.summary", { claimed: String(info.claims.length), count: String(info.count), total: trimAmount(info.total), code })}
              {info.remain > 0 && phase === "open" ? ` · ${t(locale, "packet.remain", { remain: String(Math.min(info.remain, v?.remain ?? info.remain)) })}` : ""}
            </p>
            <p className="mt-0.5 text-xs text-slate-500">
              {phase === "expired" || serverNow >= info.expiresAt ? t(locale, "packet.expiredAt") : t(locale, "packet.expires", { time: localTime(info.expiresAt) })}
              {info.newMembersOnly ? ` · ${t(locale, "packet.newOnlyNote")}` : ""}
            </p>
            {info.refundedAt !== null && info.refundedAmount && /[1-9]/.test(info.refundedAmount) && (
              <p className="mt-1 text-xs text-slate-500">{t(locale, "packet.refundedNote", { amount: trimAmount(info.refundedAmount), code })}</p>
            )}

            <h3 className="mt-4 mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t(locale, "packet.claims")}</h3>
            {info.claims.length === 0 ? (
              <p className="py-3 text-sm text-slate-500">{t(locale, "packet.noClaims")}</p>
            ) : (
              <ul data-testid="packet-claims" className="divide-y divide-slate-100">
                {info.claims.map((c) => (
                  <li key={`${c.userId}-${c.claimedAt}`} data-testid="packet-claim-row" data-user-id={c.userId} data-mine={c.userId === p.myId ? "true" : "false"} className="flex items-center gap-3 py-2">
                    <Avatar id={c.userId} name={c.nickname} src={c.avatar} size="sm" />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium text-slate-900">{c.nickname}</span>
                      <span className="block text-xs text-slate-500">{localTime(c.claimedAt)}</span>
                    </span>
                    <span className="shrink-0 text-right">
                      <span className="block text-sm font-semibold text-slate-900 tabular-nums">{amountText(c.amount, code)}</span>
                      {c.best && (
                        <span data-testid="packet-best" className="inline-flex items-center gap-0.5 rounded-full bg-amber-100 px-1.5 text-[11px] font-medium text-amber-800">
                          ★ {t(locale, "packet.best")}
                        </span>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </Dialog>
  );
}

function PacketButtonIcon() {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="h-[22px] w-[22px]" fill="none" stroke="currentColor" strokeWidth="1.9" strokeLinecap="round" strokeLinejoin="round">
      <rect x="4.5" y="2.5" width="15" height="19" rx="2.5" />
      <path d="M4.5 7.5c2.3 2 4.8 3 7.5 3s5.2-1 7.5-3" />
      <circle cx="12" cy="11" r="2" />
    </svg>
  );
}

/**
 * What a chat screen needs for red packets: its bubbles, the notices, the composer's button and
 * the open dialog or sheet. `book` null (the console's team groups): nothing.
 */
export function useChatPackets(p: {
  book: PacketBook | null | undefined;
  locale: UiLocale;
  myId: string;
  chatKey: string;
  channelType: number;
  targetId: string;
  store: ConversationStore;
  /** the server says I may send one here (viewerCan.sendPacket) */
  canSend: boolean;
  serverNow(): number;
  now: number;
}) {
  const { book, locale, myId, chatKey, channelType, serverNow } = p;
  const [openPacket, setOpenPacket] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const snap = useSyncExternalStore(
    book?.subscribe ?? noSubscribe,
    () => book?.getSnapshot() ?? null,
    () => book?.getSnapshot() ?? null,
  );
  const raw = snap?.notices[chatKey];
  const notices: ListNotice[] | undefined = useMemo(
    () =>
      raw?.map((n) => ({
        key: n.key,
        text:
          n.kind === "opened"
            ? t(locale, "packet.notice.opened", { name: n.name })
            : n.mine
              ? t(locale, "packet.notice.finishedMine")
              : n.name
                ? t(locale, "packet.notice.finished", { name: n.name })
                : t(locale, "packet.notice.finishedSomeone"),
        datetime: n.datetime,
      })),
    [raw, locale],
  );

  const customBubble = useCallback(
    (it: ChatItem, meta: ReactNode) => {
      if (!book || !packetMsgOf(it)) return null;
      return <PacketCard it={it} book={book} locale={locale} myId={myId} chatKey={chatKey} channelType={channelType} meta={meta} serverNow={serverNow} onOpen={setOpenPacket} />;
    },
    [book, locale, myId, chatKey, channelType, serverNow],
  );

  const tools =
    book && p.canSend ? (
      <button
        type="button"
        data-testid="chat-packet-open"
        onClick={() => setSending(true)}
        aria-label={t(locale, "packet.button")}
        title={t(locale, "packet.button")}
        className="flex h-10 w-10 shrink-0 items-center justify-center rounded-full text-red-600 hover:bg-red-50 hover:text-red-700 focus-visible:outline-2 focus-visible:outline-red-400"
      >
        <PacketButtonIcon />
      </button>
    ) : null;

  const overlay = book ? (
    <>
      {sending && <PacketSendDialog locale={locale} book={book} chatKey={chatKey} channelType={channelType} targetId={p.targetId} store={p.store} onClose={() => setSending(false)} />}
      {openPacket && <PacketSheet book={book} packetId={openPacket} locale={locale} myId={myId} channelType={channelType} serverNow={serverNow} now={p.now} onClose={() => setOpenPacket(null)} />}
    </>
  ) : null;

  return { customBubble: book ? customBubble : undefined, notices: notices?.length ? notices : undefined, tools, overlay };
}

const noSubscribe = () => () => {};
