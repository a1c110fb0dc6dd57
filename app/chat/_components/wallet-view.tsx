"use client";
// My wallet in /chat: what I hold of each coin (redPacket.balance), and my red packet records
// (redPacket.record) by month or year in my own calendar — received and sent, their counts and
// totals, and the lists. The server keeps the books; this only shows them.
import { useEffect, useId, useRef, useState } from "react";
import { formatTime } from "../../_components/chat/format";
import { trimAmount } from "../../_lib/decimal";
import { t, type UiLocale } from "../../_lib/i18n";
import { PACKET_LUCKY, type TBalance, type TPacketRecord } from "../../_lib/packet-api";
import type { PacketBook } from "../../_lib/packet-state";
import { errorText } from "../../_lib/trpc";
import { currentPeriod, isLatest, periodDate, shiftPeriod, tzOffsetMinutes, type Period } from "../../_lib/wallet-period";
import { BackIcon } from "./icons";
import { PanelHeader, panelBtn } from "./ui";

type Loaded<T> = { data: T | null; error: string | null; loading: boolean };

function periodLabel(p: Period, locale: UiLocale) {
  const d = new Date(p.year, p.month - 1, 1);
  return new Intl.DateTimeFormat(locale, p.kind === "year" ? { year: "numeric" } : { year: "numeric", month: "long" }).format(d);
}

export function WalletView(p: { locale: UiLocale; book: PacketBook; onBack(): void }) {
  const { locale, book } = p;
  const back = useRef<HTMLButtonElement>(null);
  const coinId = useId();
  const [balances, setBalances] = useState<Loaded<TBalance[]>>({ data: null, error: null, loading: true });
  const [coin, setCoin] = useState<number | null>(null);
  const [period, setPeriod] = useState<Period>(() => currentPeriod("month"));
  const [tab, setTab] = useState<"received" | "sent">("received");
  const [record, setRecord] = useState<Loaded<TPacketRecord>>({ data: null, error: null, loading: false });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => back.current?.focus({ preventScroll: true }), []);

  useEffect(() => {
    let live = true;
    setBalances((b) => ({ ...b, loading: true, error: null }));
    book.balances().then(
      (res) => {
        if (!live) return;
        book.learnCoins(res.balances);
        setBalances({ data: res.balances, error: null, loading: false });
        setCoin((c) => c ?? res.balances[0]?.coin ?? null);
      },
      (err) => live && setBalances({ data: null, error: errorText(err), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [book, attempt]);

  const date = periodDate(period);
  useEffect(() => {
    if (coin === null) return;
    let live = true;
    setRecord((r) => ({ ...r, loading: true, error: null }));
    book.record({ date, coin, tzOffsetMinutes: tzOffsetMinutes() }).then(
      (data) => live && setRecord({ data, error: null, loading: false }),
      (err) => live && setRecord({ data: null, error: errorText(err), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [book, coin, date, attempt]);

  const code = balances.data?.find((b) => b.coin === coin)?.code ?? "";
  const r = record.data;
  const segBtn = (on: boolean) =>
    `rounded-md px-3 py-1.5 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${on ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`;
  const arrowBtn = "flex h-9 w-9 items-center justify-center rounded-full text-slate-600 outline-none hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-30";

  return (
    <section aria-label={t(locale, "wallet.title")} data-testid="chat-wallet" className="flex min-h-0 flex-1 flex-col bg-white">
      <PanelHeader
        title={t(locale, "wallet.title")}
        left={
          <button ref={back} type="button" onClick={p.onBack} data-testid="chat-wallet-back" aria-label={t(locale, "chat.back")} title={t(locale, "chat.back")} className={panelBtn}>
            <BackIcon className="h-6 w-6" />
          </button>
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <h3 className="px-5 pt-4 pb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t(locale, "wallet.balances")}</h3>
        {balances.error ? (
          <div role="alert" className="px-5 pb-4 text-sm text-red-700">
            {balances.error}{" "}
            <button type="button" onClick={() => setAttempt((n) => n + 1)} className="font-semibold underline underline-offset-2">
              {t(locale, "wallet.retry")}
            </button>
          </div>
        ) : !balances.data ? (
          <p role="status" className="px-5 pb-4 text-sm text-slate-500">
            {t(locale, "wallet.loading")}
          </p>
        ) : (
          <ul data-testid="wallet-balances" className="mx-4 mb-2 grid grid-cols-1 gap-2 min-[380px]:grid-cols-2">
            {balances.data.map((b) => (
              <li key={b.coin} data-testid="wallet-balance" data-coin={b.coin} className="rounded-2xl bg-gradient-to-br from-red-500 to-orange-500 px-4 py-3 text-white">
                <p className="text-xs font-medium text-white/85">{b.name && b.name !== b.code ? `${b.code} · ${b.name}` : b.code}</p>
                <p data-testid="wallet-balance-amount" className="truncate text-xl font-semibold tabular-nums" title={b.amount}>
                  {trimAmount(b.amount)}
                </p>
              </li>
            ))}
          </ul>
        )}

        <h3 className="border-t border-slate-100 px-5 pt-4 pb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t(locale, "wallet.records")}</h3>
        <div className="flex flex-wrap items-center gap-2 px-4 pb-2">
          <div role="radiogroup" aria-label={t(locale, "wallet.records")} className="grid grid-cols-2 rounded-lg bg-slate-100 p-1 text-sm font-medium">
            {(["month", "year"] as const).map((kind) => (
              <button
                key={kind}
                type="button"
                role="radio"
                aria-checked={period.kind === kind}
                data-testid={`wallet-period-${kind}`}
                onClick={() => setPeriod((x) => ({ ...x, kind }))}
                className={segBtn(period.kind === kind)}
              >
                {t(locale, kind === "month" ? "wallet.month" : "wallet.year")}
              </button>
            ))}
          </div>
          {balances.data && balances.data.length > 1 && (
            <>
              <label htmlFor={coinId} className="sr-only">
                {t(locale, "wallet.coin")}
              </label>
              <select
                id={coinId}
                data-testid="wallet-coin"
                value={coin ?? ""}
                onChange={(e) => setCoin(Number(e.target.value))}
                className="ml-auto rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
              >
                {balances.data.map((b) => (
                  <option key={b.coin} value={b.coin}>
                    {b.code}
                  </option>
                ))}
              </select>
            </>
          )}
        </div>
        <div className="flex items-center justify-between px-3 pb-2">
          <button type="button" data-testid="wallet-prev" onClick={() => setPeriod((x) => shiftPeriod(x, -1))} aria-label={t(locale, "wallet.prev")} title={t(locale, "wallet.prev")} className={arrowBtn}>
            <BackIcon />
          </button>
          <p data-testid="wallet-period" data-date={date} className="text-sm font-semibold text-slate-800" aria-live="polite">
            {periodLabel(period, locale)}
          </p>
          <button
            type="button"
            data-testid="wallet-next"
            onClick={() => setPeriod((x) => shiftPeriod(x, 1))}
            disabled={isLatest(period)}
            aria-label={t(locale, "wallet.next")}
            title={t(locale, "wallet.next")}
            className={arrowBtn}
          >
            <BackIcon className="h-5 w-5 rotate-180" />
          </button>
        </div>

        <div role="tablist" aria-label={t(locale, "wallet.records")} className="mx-4 grid grid-cols-2 gap-2">
          {(["received", "sent"] as const).map((k) => {
            const on = tab === k;
            const n = k === "received" ? r?.receive_num : r?.send_num;
            const amount = k === "received" ? r?.receive_amount : r?.send_amount;
            return (
              <button
                key={k}
                type="button"
                role="tab"
                aria-selected={on}
                data-testid={`wallet-tab-${k}`}
                onClick={() => setTab(k)}
                className={`rounded-xl px-3 py-2 text-left ring-1 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${on ? "bg-red-50 ring-red-300" : "bg-white ring-slate-200 hover:bg-slate-50"}`}
              >
                <span className="block text-xs font-medium text-slate-600">{t(locale, k === "received" ? "wallet.received" : "wallet.sent")}</span>
                <span data-testid={`wallet-${k}-amount`} className="block truncate text-lg font-semibold text-slate-900 tabular-nums">
                  {amount !== undefined ? `${trimAmount(amount)} ${code}`.trim() : "—"}
                </span>
                <span data-testid={`wallet-${k}-count`} className="block text-xs text-slate-500">
                  {n !== undefined ? t(locale, k === "received" ? "wallet.receivedTotal" : "wallet.sentTotal", { count: String(n) }) : ""}
                </span>
              </button>
            );
          })}
        </div>

        <div role="tabpanel" className="px-4 pt-2 pb-6" aria-busy={record.loading}>
          {record.error ? (
            <p role="alert" className="py-4 text-sm text-red-700">
              {record.error}{" "}
              <button type="button" onClick={() => setAttempt((n) => n + 1)} className="font-semibold underline underline-offset-2">
                {t(locale, "wallet.retry")}
              </button>
            </p>
          ) : !r ? (
            <p role="status" className="py-4 text-center text-sm text-slate-500">
              {t(locale, "wallet.loading")}
            </p>
          ) : tab === "received" ? (
            r.receive.length === 0 ? (
              <p className="py-6 text-center text-sm text-slate-500">{t(locale, "wallet.noReceived")}</p>
            ) : (
              <ul data-testid="wallet-received" className={`divide-y divide-slate-100 ${record.loading ? "opacity-60" : ""}`}>
                {r.receive.map((x) => (
                  <li key={`${x.red_packet_id}-${x.receive_time}`} data-testid="wallet-row" data-packet-id={x.red_packet_id} className="flex items-center gap-3 py-2.5">
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium text-slate-900">{t(locale, "wallet.from", { name: x.username })}</span>
                      <span className="block text-xs text-slate-500">
                        {formatTime(x.receive_time, locale, 0)} · {t(locale, x.type === PACKET_LUCKY ? "packet.lucky" : "packet.name")}
                      </span>
                    </span>
                    <span className="shrink-0 text-sm font-semibold text-emerald-700 tabular-nums">+{trimAmount(x.amount)}</span>
                  </li>
                ))}
              </ul>
            )
          ) : r.send.length === 0 ? (
            <p className="py-6 text-center text-sm text-slate-500">{t(locale, "wallet.noSent")}</p>
          ) : (
            <ul data-testid="wallet-sent" className={`divide-y divide-slate-100 ${record.loading ? "opacity-60" : ""}`}>
              {r.send.map((x) => (
                <li key={x.red_packet_id} data-testid="wallet-row" data-packet-id={x.red_packet_id} className="flex items-center gap-3 py-2.5">
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-medium text-slate-900">{t(locale, x.type === PACKET_LUCKY ? "packet.lucky" : "packet.name")}</span>
                    <span className="block text-xs text-slate-500">
                      {formatTime(x.send_time, locale, 0)} · {t(locale, "wallet.sentRow", { claimed: String(x.claimed), count: String(x.count) })}
                      {/[1-9]/.test(x.refunded) ? ` · ${t(locale, "wallet.refunded", { amount: trimAmount(x.refunded) })}` : ""}
                    </span>
                  </span>
                  <span className="shrink-0 text-sm font-semibold text-slate-900 tabular-nums">−{trimAmount(x.amount)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
