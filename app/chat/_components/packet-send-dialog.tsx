"use client";
// "Send a red packet" (redPacket.send): coin and balance, lucky or equal, how many shares, the
// amount (lucky: the total; equal: each, and the total is each × count — exact, packet-form.ts),
// a greeting, "new members only". Enter sends, Esc closes; a sheet from the bottom on a phone.
// One msgId per attempt that has not been answered (PacketBook.draftMsgId): trying again after
// a lost answer can never send two packets. The server's refusals show under the form.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { fromUnits, trimAmount } from "../../_lib/decimal";
import type { ConversationStore } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import { PACKET_EQUAL, PACKET_LUCKY, type TBalance } from "../../_lib/packet-api";
import { checkDraft, emptyDraft, GREETING_MAX, sendInput, type DraftField, type DraftWhy, type PacketDraft } from "../../_lib/packet-form";
import type { PacketBook } from "../../_lib/packet-state";
import { appCodeOf, errorText } from "../../_lib/trpc";
import { Dialog } from "./ui";

export function PacketSendDialog(p: {
  locale: UiLocale;
  book: PacketBook;
  /** the conversation ("3:<friend id>"), and what redPacket.send calls it */
  chatKey: string;
  channelType: number;
  targetId: string;
  /** the chat's store: the sent message shows at once (the live copy follows) */
  store: ConversationStore | null;
  onClose(): void;
}) {
  const { locale, book } = p;
  const [coins, setCoins] = useState<TBalance[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<PacketDraft>(() => emptyDraft(null, p.channelType === 3 ? "1" : ""));
  const [touched, setTouched] = useState<Partial<Record<DraftField, boolean>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const ids = { coin: useId(), count: useId(), amount: useId(), greeting: useId(), err: useId() };
  const amountRef = useRef<HTMLInputElement>(null);
  const countRef = useRef<HTMLInputElement>(null);

  // the coins there are, with what I hold of each
  useEffect(() => {
    let live = true;
    setLoadError(null);
    Promise.all([book.coins(), book.balances()]).then(
      ([c, b]) => {
        if (!live) return;
        const held = new Map(b.balances.map((x) => [x.coin, x]));
        const list: TBalance[] = c.coins.map((x) => ({ ...x, amount: held.get(x.coin)?.amount ?? fromUnits(0n, x.decimals) }));
        book.learnCoins(list);
        setCoins(list);
        setDraft((d) => (d.coin === null && list.length ? { ...d, coin: (list.find((x) => x.amount !== fromUnits(0n, x.decimals)) ?? list[0]).coin } : d));
      },
      (err) => live && setLoadError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [book, attempt]);

  const coin = coins?.find((c) => c.coin === draft.coin);
  const check = useMemo(() => checkDraft(draft, coin, touched), [draft, coin, touched]);
  const set = (patch: Partial<PacketDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };
  const touch = (f: DraftField) => setTouched((x) => (x[f] ? x : { ...x, [f]: true }));

  const problemText = (why: DraftWhy | undefined) => {
    if (!why || !coin) return why === "noCoin" ? t(locale, "packet.problem.noCoin") : null;
    switch (why) {
      case "places":
        return t(locale, "packet.problem.places", { places: String(coin.decimals) });
      case "tooSmall":
        return t(locale, "packet.problem.tooSmall", { unit: fromUnits(1n, coin.decimals), code: coin.code });
      case "balance":
        return t(locale, "packet.problem.balance", { amount: trimAmount(coin.amount), code: coin.code });
      case "greeting":
        return t(locale, "packet.problem.greeting", { max: String(GREETING_MAX) });
      case "count":
        return t(locale, "packet.problem.count");
      default:
        return t(locale, "packet.problem.amount");
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const all = { coin: true, count: true, amount: true, greeting: true };
    setTouched(all);
    const full = checkDraft(draft, coin, all);
    if (!full.ok || !coin) {
      (full.problems.count ? countRef : amountRef).current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const input = sendInput(draft, coin, { channelType: p.channelType, targetId: p.targetId }, book.draftMsgId(p.chatKey));
      const res = await book.send(p.chatKey, input);
      p.store?.receive(res.entry);
      p.onClose();
    } catch (err) {
      const text = errorText(err);
      // the ledger's refusal names the amount in English: say it in the reader's words
      if (appCodeOf(err) === -1001 && /balance is too low/.test(text)) {
        setError(t(locale, "packet.problem.balance", { amount: trimAmount(coin.amount), code: coin.code }));
        setAttempt((n) => n + 1); // the balance may have changed: ask again
      } else setError(text);
      setBusy(false);
    }
  };

  const field =
    "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base outline-none focus:border-red-500 focus:ring-2 focus:ring-red-200 aria-invalid:border-red-500 sm:text-sm";
  const hint = "mt-1 text-xs text-red-700";
  const isEqual = draft.type === PACKET_EQUAL;
  const greetingLength = draft.greeting.trim().length;

  return (
    <Dialog locale={locale} title={t(locale, "packet.send.title")} testId="packet-send-dialog" onClose={p.onClose} escapeAlways>
      {!coins ? (
        <div className="px-5 py-8 text-center text-sm text-slate-600" role={loadError ? "alert" : "status"}>
          {loadError ?? t(locale, "packet.loadingCoins")}
          {loadError && (
            <button type="button" onClick={() => setAttempt((n) => n + 1)} className="mt-3 block w-full rounded-lg px-3 py-2 font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-50">
              {t(locale, "packet.retry")}
            </button>
          )}
        </div>
      ) : coins.length === 0 ? (
        <p className="px-5 py-8 text-center text-sm text-slate-600">{t(locale, "packet.noCoins")}</p>
      ) : (
        <form onSubmit={submit} noValidate data-testid="packet-send-form" className="flex flex-col" aria-describedby={error ? ids.err : undefined}>
          <div className="space-y-4 px-5 py-4">
            <div>
              <label htmlFor={ids.coin} className="mb-1 block text-sm font-medium text-slate-700">
                {t(locale, "packet.coin")}
              </label>
              <select id={ids.coin} data-testid="packet-coin" value={draft.coin ?? ""} onChange={(e) => set({ coin: Number(e.target.value) })} className={field}>
                {coins.map((c) => (
                  <option key={c.coin} value={c.coin}>
                    {c.name && c.name !== c.code ? `${c.code} · ${c.name}` : c.code}
                  </option>
                ))}
              </select>
              {coin && (
                <p data-testid="packet-balance" className="mt-1 text-xs text-slate-500">
                  {t(locale, "packet.balance", { amount: trimAmount(coin.amount), code: coin.code })}
                </p>
              )}
            </div>

            <fieldset>
              <legend className="mb-1 block text-sm font-medium text-slate-700">{t(locale, "packet.type")}</legend>
              <div className="grid grid-cols-2 gap-2">
                {([PACKET_LUCKY, PACKET_EQUAL] as const).map((type) => {
                  const on = draft.type === type;
                  return (
                    <label
                      key={type}
                      className={`flex cursor-pointer flex-col rounded-lg px-3 py-2 text-sm ring-1 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-red-400 ${on ? "bg-red-50 text-red-900 ring-red-400" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
                    >
                      <input
                        type="radio"
                        name="packet-type"
                        data-testid={type === PACKET_LUCKY ? "packet-type-lucky" : "packet-type-equal"}
                        checked={on}
                        onChange={() => set({ type })}
                        className="sr-only"
                      />
                      <span className="font-medium">{t(locale, type === PACKET_LUCKY ? "packet.type.lucky" : "packet.type.equal")}</span>
                      <span className="text-xs opacity-75">{t(locale, type === PACKET_LUCKY ? "packet.type.luckyHint" : "packet.type.equalHint")}</span>
                    </label>
                  );
                })}
              </div>
            </fieldset>

            <div className="grid grid-cols-2 gap-3">
              <div>
                <label htmlFor={ids.count} className="mb-1 block text-sm font-medium text-slate-700">
                  {t(locale, "packet.count")}
                </label>
                <input
                  ref={countRef}
                  id={ids.count}
                  data-testid="packet-count"
                  inputMode="numeric"
                  autoComplete="off"
                  value={draft.count}
                  onChange={(e) => set({ count: e.target.value })}
                  onBlur={() => touch("count")}
                  aria-invalid={!!check.problems.count || undefined}
                  aria-describedby={check.problems.count ? `${ids.count}-p` : undefined}
                  className={field}
                  placeholder="1"
                />
                {check.problems.count && (
                  <p id={`${ids.count}-p`} className={hint}>
                    {problemText(check.problems.count)}
                  </p>
                )}
              </div>
              <div>
                <label htmlFor={ids.amount} className="mb-1 block text-sm font-medium text-slate-700">
                  {t(locale, isEqual ? "packet.each" : "packet.total")}
                </label>
                <input
                  ref={amountRef}
                  id={ids.amount}
                  data-testid="packet-amount"
                  data-autofocus
                  inputMode="decimal"
                  autoComplete="off"
                  value={draft.amount}
                  onChange={(e) => set({ amount: e.target.value })}
                  onBlur={() => touch("amount")}
                  aria-invalid={!!check.problems.amount || undefined}
                  aria-describedby={check.problems.amount ? `${ids.amount}-p` : undefined}
                  className={field}
                  placeholder="0.00"
                />
              </div>
            </div>
            {check.problems.amount && (
              <p id={`${ids.amount}-p`} data-testid="packet-amount-problem" className={`${hint} -mt-2`} role="alert">
                {problemText(check.problems.amount)}
              </p>
            )}

            <div>
              <label htmlFor={ids.greeting} className="mb-1 flex items-baseline justify-between text-sm font-medium text-slate-700">
                <span>{t(locale, "packet.greeting")}</span>
                <span className={`text-xs font-normal tabular-nums ${greetingLength > GREETING_MAX ? "text-red-700" : "text-slate-400"}`}>
                  {greetingLength}/{GREETING_MAX}
                </span>
              </label>
              <input
                id={ids.greeting}
                data-testid="packet-greeting"
                value={draft.greeting}
                maxLength={GREETING_MAX}
                onChange={(e) => set({ greeting: e.target.value })}
                placeholder={t(locale, "packet.greetingPlaceholder")}
                className={field}
              />
            </div>

            <label className="flex cursor-pointer items-start gap-3 text-sm">
              <input
                type="checkbox"
                data-testid="packet-new-only"
                checked={draft.newMembersOnly}
                onChange={(e) => set({ newMembersOnly: e.target.checked })}
                className="mt-0.5 h-4 w-4 shrink-0 accent-red-600"
              />
              <span>
                <span className="block text-slate-800">{t(locale, "packet.newOnly")}</span>
                <span className="block text-xs text-slate-500">{t(locale, "packet.newOnlyHint")}</span>
              </span>
            </label>
          </div>

          <div className="sticky bottom-0 border-t border-slate-100 bg-white px-5 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))]">
            <p data-testid="packet-total" data-total={check.total ?? ""} className="mb-2 text-center text-2xl font-semibold text-slate-900 tabular-nums">
              {coin ? t(locale, "packet.totalIs", { amount: check.total ? trimAmount(check.total) : "0", code: coin.code }) : ""}
            </p>
            {error && (
              <p id={ids.err} role="alert" data-testid="packet-send-error" className="mb-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
                {error}
              </p>
            )}
            <button
              type="submit"
              data-testid="packet-send-submit"
              disabled={busy || !coin}
              className="w-full rounded-lg bg-red-600 px-4 py-2.5 text-sm font-semibold text-white outline-none hover:bg-red-700 focus-visible:ring-2 focus-visible:ring-red-400 focus-visible:ring-offset-2 disabled:opacity-60"
            >
              {busy ? t(locale, "packet.sending") : t(locale, "packet.submit")}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
