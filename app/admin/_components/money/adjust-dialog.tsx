"use client";
// Credit or debit a member (admin.credit / admin.debit): who (given, or found by name, mobile or
// uid through admin.members), credit or debit, the coin, the amount and a reason — then a
// confirmation that says all of it again, with the balance now and after, before anything is
// sent. The answer is the new balance, or the server's words (a debit below zero is -1001 and
// writes nothing).
import { useEffect, useId, useRef, useState } from "react";
import type { TMember } from "../../_lib/admin-api";
import { balanceAfter, checkAmount, formatAmount } from "../../_lib/money";
import type { TMemberBalance } from "../../_lib/money-api";
import { useAdmin } from "../admin-context";
import { Avatar } from "../ui/avatar";
import { btn, field, label } from "../ui/buttons";
import { Dialog } from "../ui/dialog";
import { useText } from "../ui/use-text";

export type AdjustDirection = "credit" | "debit";
export interface AdjustMember {
  id: string;
  name: string;
  /** a second line: mobile, uid */
  sub?: string;
}

/** the server's reason limit (ZMoney.reason) */
const REASON_MAX = 200;

type Step = "form" | "confirm" | "done";

export function AdjustDialog(p: {
  /** the member; null: the dialog asks who */
  member: AdjustMember | null;
  direction: AdjustDirection;
  coin?: number;
  onClose(): void;
  /** told after the server moved the balance (the page refreshes its lists) */
  onDone(r: { userId: string; coin: number; balance: string }): void;
}) {
  const [tr, locale] = useText();
  const { api, fail, toasts } = useAdmin();
  const id = useId();
  const [member, setMember] = useState<AdjustMember | null>(p.member);
  const [direction, setDirection] = useState<AdjustDirection>(p.direction);
  const [coins, setCoins] = useState<TMemberBalance[] | null>(null);
  const [coin, setCoin] = useState<number | null>(p.coin ?? null);
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [step, setStep] = useState<Step>("form");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showInvalid, setShowInvalid] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const body = useRef<HTMLDivElement>(null);
  // a new step: the focus goes to its main button (Confirm, Close), or the first field again
  useEffect(() => {
    if (step === "form") return;
    body.current?.closest("dialog")?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
  }, [step]);

  // the member's balance of every coin (and so the coins there are)
  useEffect(() => {
    if (!member) return;
    let live = true;
    setCoins(null);
    api.admin.ledger
      .query({ userId: member.id, number: 1 })
      .then((r) => {
        if (!live) return;
        setCoins(r.balances);
        setCoin((c) => (c !== null && r.balances.some((b) => b.coin === c) ? c : (r.balances[0]?.coin ?? null)));
      })
      .catch((err) => live && setError(fail(err)));
    return () => {
      live = false;
    };
  }, [member, api, fail]);

  const current = coins?.find((b) => b.coin === coin) ?? null;
  const check = current ? checkAmount(amount, current.decimals) : null;
  const reasonText = reason.trim();
  const amountError = check && !check.ok ? tr(`money.adjust.amount.${check.why}`, { decimals: current!.decimals }) : null;
  const reasonError = !reasonText ? tr("money.adjust.reasonEmpty") : null;
  const after = current && check?.ok ? balanceAfter(current.amount, check.units, direction, current.decimals) : null;
  const code = current?.code ?? "";

  function review() {
    setShowInvalid(true);
    setError(null);
    if (!member || !current || !check?.ok || reasonError) return;
    setStep("confirm");
  }

  async function send() {
    if (busy || !member || !current || !check?.ok) return;
    setBusy(true);
    setError(null);
    try {
      const input = { userId: member.id, coin: current.coin, amount: check.amount, reason: reasonText };
      const r = direction === "credit" ? await api.admin.credit.mutate(input) : await api.admin.debit.mutate(input);
      setResult(r.balance);
      setStep("done");
      toasts.success(tr(direction === "credit" ? "money.adjust.credited" : "money.adjust.debited", { amount: `${formatAmount(check.amount, locale)} ${code}`, name: member.name, balance: `${formatAmount(r.balance, locale)} ${code}` }));
      p.onDone({ userId: member.id, coin: r.coin, balance: r.balance });
    } catch (err) {
      setError(fail(err));
    } finally {
      setBusy(false);
    }
  }

  const title = tr(step === "confirm" ? (direction === "credit" ? "money.adjust.confirmCreditTitle" : "money.adjust.confirmDebitTitle") : step === "done" ? "money.adjust.doneTitle" : "money.adjust.title");
  const testId = "admin-adjust-dialog";

  const footer =
    step === "form" ? (
      <>
        <button type="button" className={btn.secondary} onClick={p.onClose} data-testid={`${testId}-cancel`}>
          {tr("common.cancel")}
        </button>
        <button type="button" className={btn.primary} onClick={review} disabled={!member || !current} data-testid={`${testId}-review`}>
          {tr("money.adjust.review")}
        </button>
      </>
    ) : step === "confirm" ? (
      <>
        <button type="button" className={btn.secondary} onClick={() => setStep("form")} disabled={busy} data-testid={`${testId}-back`}>
          {tr("money.adjust.back")}
        </button>
        <button type="button" className={direction === "debit" ? btn.danger : btn.primary} onClick={() => void send()} disabled={busy} data-autofocus data-testid={`${testId}-confirm`}>
          {busy ? tr("common.saving") : tr(direction === "credit" ? "money.adjust.confirmCredit" : "money.adjust.confirmDebit", { amount: `${check?.ok ? formatAmount(check.amount, locale) : ""} ${code}` })}
        </button>
      </>
    ) : (
      <button type="button" className={btn.primary} onClick={p.onClose} data-autofocus data-testid={`${testId}-close-done`}>
        {tr("common.close")}
      </button>
    );

  return (
    <Dialog open onClose={p.onClose} title={title} description={member && step === "form" ? member.name : undefined} closeLabel={tr("common.close")} testId={testId} busy={busy} footer={footer}>
      <div ref={body} className="space-y-4 px-5 py-4 text-sm" data-step={step}>
        {step === "form" && (
          <>
            {!p.member && <MemberPicker picked={member} onPick={(m) => setMember(m)} />}
            <fieldset>
              <legend className={label}>{tr("money.adjust.direction")}</legend>
              <div className="grid grid-cols-2 gap-2">
                {(["credit", "debit"] as const).map((d) => (
                  <label
                    key={d}
                    className={`flex cursor-pointer items-center justify-center rounded-lg px-3 py-2 text-sm font-medium ring-1 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500 ${
                      direction === d ? (d === "credit" ? "bg-emerald-50 text-emerald-800 ring-emerald-300" : "bg-red-50 text-red-800 ring-red-300") : "bg-white text-slate-700 ring-slate-200 hover:bg-slate-50"
                    }`}
                  >
                    <input type="radio" name={`${id}-direction`} className="sr-only" checked={direction === d} onChange={() => setDirection(d)} data-testid={`${testId}-${d}`} data-autofocus={!!p.member && direction === d ? true : undefined} />
                    {tr(d === "credit" ? "money.adjust.credit" : "money.adjust.debit")}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="grid grid-cols-[minmax(0,1fr)_8rem] gap-2">
              <div>
                <label htmlFor={`${id}-amount`} className={label}>
                  {tr("money.adjust.amount")}
                </label>
                <input
                  id={`${id}-amount`}
                  inputMode="decimal"
                  autoComplete="off"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  aria-invalid={showInvalid && !!amountError}
                  aria-describedby={showInvalid && amountError ? `${id}-amount-error` : undefined}
                  data-testid={`${testId}-amount`}
                  className={`${field} tabular-nums`}
                  placeholder={current ? (current.decimals ? `0.${"0".repeat(current.decimals)}` : "0") : ""}
                />
              </div>
              <div>
                <label htmlFor={`${id}-coin`} className={label}>
                  {tr("money.col.coin")}
                </label>
                <select id={`${id}-coin`} value={coin ?? ""} onChange={(e) => setCoin(Number(e.target.value))} disabled={!coins} data-testid={`${testId}-coin`} className={field}>
                  {!coins && <option value="">…</option>}
                  {coins?.map((c) => (
                    <option key={c.coin} value={c.coin}>
                      {c.code}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            {showInvalid && amountError && (
              <p id={`${id}-amount-error`} className="-mt-2 text-sm text-red-700" data-testid={`${testId}-amount-error`}>
                {amountError}
              </p>
            )}
            {current && (
              <p className="-mt-1 text-slate-600" data-testid={`${testId}-current`}>
                {tr("money.adjust.current", { balance: `${formatAmount(current.amount, locale)} ${code}` })}
              </p>
            )}
            <div>
              <label htmlFor={`${id}-reason`} className={label}>
                {tr("money.adjust.reason")}
              </label>
              <textarea
                id={`${id}-reason`}
                rows={2}
                maxLength={REASON_MAX}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={showInvalid && !!reasonError}
                aria-describedby={showInvalid && reasonError ? `${id}-reason-error` : undefined}
                data-testid={`${testId}-reason`}
                className={field}
                placeholder={tr("money.adjust.reasonHint")}
              />
              {showInvalid && reasonError && (
                <p id={`${id}-reason-error`} className="mt-1 text-sm text-red-700">
                  {reasonError}
                </p>
              )}
            </div>
          </>
        )}

        {step === "confirm" && member && current && check?.ok && (
          <div data-testid={`${testId}-summary`} className="space-y-3">
            <p className="text-slate-700">{tr(direction === "credit" ? "money.adjust.confirmCreditBody" : "money.adjust.confirmDebitBody", { amount: `${formatAmount(check.amount, locale)} ${code}`, name: member.name })}</p>
            <dl className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
              <Line term={tr("money.adjust.who")} testId={`${testId}-who`}>
                {member.name}
                <span className="block text-xs font-normal text-slate-500">{[tr("money.userId", { id: member.id }), member.sub].filter(Boolean).join(" · ")}</span>
              </Line>
              <Line term={tr("money.adjust.what")} testId={`${testId}-what`}>
                <span className={direction === "credit" ? "text-emerald-700" : "text-red-700"}>
                  {direction === "credit" ? "+" : "−"}
                  {formatAmount(check.amount, locale)} {code}
                </span>
              </Line>
              <Line term={tr("money.adjust.reason")} testId={`${testId}-why`}>
                <span className="font-normal break-words">{reasonText}</span>
              </Line>
              <Line term={tr("money.adjust.balance")} testId={`${testId}-after`}>
                {formatAmount(current.amount, locale)} → {after ? formatAmount(after.amount, locale) : ""} {code}
              </Line>
            </dl>
            {after?.isNegative && (
              <p className="rounded-lg bg-amber-50 px-3 py-2 text-amber-900 ring-1 ring-amber-200" data-testid={`${testId}-overdraft`}>
                {tr("money.adjust.overdraft")}
              </p>
            )}
          </div>
        )}

        {step === "done" && member && result !== null && (
          <p role="status" className="rounded-lg bg-emerald-50 px-3 py-3 text-emerald-900 ring-1 ring-emerald-200" data-testid={`${testId}-result`}>
            {tr("money.adjust.newBalance", { name: member.name, balance: `${formatAmount(result, locale)} ${code}` })}
          </p>
        )}

        {error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-red-700 ring-1 ring-red-200" data-testid={`${testId}-error`}>
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}

function Line({ term, children, testId }: { term: string; children: React.ReactNode; testId: string }) {
  return (
    <div className="flex items-baseline justify-between gap-3 px-3 py-2">
      <dt className="shrink-0 text-slate-500">{term}</dt>
      <dd className="min-w-0 text-right font-medium text-slate-900 tabular-nums" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** who to credit or debit: a member by name, mobile or uid (admin.members) */
function MemberPicker({ picked, onPick }: { picked: AdjustMember | null; onPick(m: AdjustMember | null): void }) {
  const [tr] = useText();
  const { api, fail } = useAdmin();
  const id = useId();
  const [q, setQ] = useState("");
  const [found, setFound] = useState<TMember[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const text = q.trim();
    if (!text) return setFound(null);
    let live = true;
    const t = setTimeout(() => {
      api.admin.members
        .query({ query: text, page: 1, number: 8 })
        .then((r) => live && (setFound(r.members), setError(null)))
        .catch((err) => live && setError(fail(err)));
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q, api, fail]);

  if (picked) {
    return (
      <div className="flex items-center gap-2.5 rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200" data-testid="admin-adjust-dialog-member">
        <Avatar id={picked.id} name={picked.name} />
        <span className="min-w-0 flex-1">
          <span className="block truncate font-medium text-slate-900">{picked.name}</span>
          {picked.sub && <span className="block truncate text-xs text-slate-500">{picked.sub}</span>}
        </span>
        <button type="button" className={btn.ghost} onClick={() => onPick(null)} data-testid="admin-adjust-dialog-change-member">
          {tr("money.adjust.changeMember")}
        </button>
      </div>
    );
  }
  return (
    <div>
      <label htmlFor={`${id}-q`} className={label}>
        {tr("money.adjust.member")}
      </label>
      <input id={`${id}-q`} type="search" autoComplete="off" value={q} onChange={(e) => setQ(e.target.value)} placeholder={tr("money.adjust.memberHint")} data-autofocus className={field} data-testid="admin-adjust-dialog-member-search" />
      {error && (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
      {found && (
        <ul className="mt-2 max-h-56 divide-y divide-slate-100 overflow-y-auto rounded-lg ring-1 ring-slate-200" aria-label={tr("money.adjust.member")}>
          {found.length === 0 && <li className="px-3 py-2 text-slate-500">{tr("muting.noMembersFound", { query: q.trim() })}</li>}
          {found.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                onClick={() => onPick({ id: m.id, name: m.name, sub: [m.account, m.uid && tr("people.uid", { uid: m.uid })].filter(Boolean).join(" · ") })}
                className="flex w-full items-center gap-2.5 px-3 py-2 text-left outline-none hover:bg-slate-50 focus-visible:bg-indigo-50"
                data-testid="admin-adjust-dialog-member-option"
                data-user-id={m.id}
              >
                <Avatar id={m.id} name={m.name} src={m.avatar} />
                <span className="min-w-0">
                  <span className="block truncate font-medium text-slate-900">{m.name}</span>
                  <span className="block truncate text-xs text-slate-500">{[m.account, m.uid && tr("people.uid", { uid: m.uid })].filter(Boolean).join(" · ")}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
