"use client";
// One member's money (admin.ledger): their balance of every coin, and every change of it,
// newest first — kind, signed amount, reason, the admin who did it, the red packet it was —
// 50 at a time with "Load more". Credit and Debit start the adjust dialog for this member.
import Link from "next/link";
import { useState } from "react";
import { formatDateTime } from "../../_lib/format";
import { formatAmount, LEDGER_KIND_KEYS, signedAmount } from "../../_lib/money";
import type { TLedgerEntry, TMemberBalance } from "../../_lib/money-api";
import { useAdmin } from "../admin-context";
import { btn, field } from "../ui/buttons";
import { DataTable, type Column } from "../ui/data-table";
import { Dialog } from "../ui/dialog";
import { useText } from "../ui/use-text";
import type { AdjustDirection, AdjustMember } from "./adjust-dialog";
import { useCursorFeed } from "./use-feed";

/** ledger rows asked for at a time */
const LEDGER_PAGE = 50;

export function LedgerSheet(p: { member: AdjustMember; coin?: number; version: number; onClose(): void; onAdjust(direction: AdjustDirection, coin: number | undefined): void }) {
  const [tr, locale] = useText();
  const { api, fail } = useAdmin();
  const [coin, setCoin] = useState<number | undefined>(p.coin);
  const [balances, setBalances] = useState<TMemberBalance[] | null>(null);
  const [feed, snap] = useCursorFeed<TLedgerEntry, number>(
    {
      fetch: async (beforeId) => {
        const r = await api.admin.ledger.query({ userId: p.member.id, coin, beforeId: beforeId ?? undefined, number: LEDGER_PAGE });
        setBalances(r.balances);
        return { rows: r.entries, next: r.nextBeforeId };
      },
      key: (e) => e.id,
      errorText: fail,
    },
    `${p.member.id}:${coin ?? ""}:${p.version}`,
  );

  const columns: Column<TLedgerEntry>[] = [
    {
      key: "amount",
      header: tr("money.col.amount"),
      primary: true,
      cell: (e) => {
        const a = signedAmount(e.amount, locale);
        return (
          <span className="flex flex-wrap items-baseline gap-x-2">
            <span className={`font-semibold whitespace-nowrap tabular-nums ${a.isIn ? "text-emerald-700" : "text-red-700"}`} data-testid="admin-ledger-amount">
              {a.text} {e.code}
            </span>
            <span className="text-xs text-slate-500 sm:hidden">
              {tr(LEDGER_KIND_KEYS[e.kind])} · {formatDateTime(e.createdAt, locale)}
            </span>
          </span>
        );
      },
    },
    {
      // the kind, and when (four columns fit the sheet; the time is under the kind)
      key: "kind",
      header: tr("money.col.kind"),
      hideOnPhone: true,
      cell: (e) => (
        <span className="block">
          <span className="block whitespace-nowrap text-slate-700">{tr(LEDGER_KIND_KEYS[e.kind])}</span>
          <time className="block text-xs whitespace-nowrap text-slate-500" dateTime={new Date(e.createdAt).toISOString()}>
            {formatDateTime(e.createdAt, locale)}
          </time>
        </span>
      ),
    },
    {
      // why, and which admin did it
      key: "reason",
      header: tr("money.col.reason"),
      className: "min-w-32",
      cell: (e) => (
        <span className="block">
          <span className="block break-words text-slate-800">{e.reason || "—"}</span>
          {e.by && <span className="block text-xs text-slate-500">{tr("money.ledger.by", { name: e.by })}</span>}
        </span>
      ),
    },
    {
      key: "packet",
      header: tr("money.col.packet"),
      cell: (e) =>
        e.packetId ? (
          <Link href={`/admin/money/packets?packet=${e.packetId}`} className="font-mono text-xs break-all text-indigo-700 hover:underline" data-testid="admin-ledger-packet" data-packet-id={e.packetId} title={e.packetId}>
            {e.packetId.slice(0, 8)}…
          </Link>
        ) : (
          <span className="text-slate-400">—</span>
        ),
    },
  ];

  return (
    <Dialog
      open
      onClose={p.onClose}
      shape="sheet"
      title={tr("money.ledger.title", { name: p.member.name })}
      description={[tr("money.userId", { id: p.member.id }), p.member.sub].filter(Boolean).join(" · ")}
      closeLabel={tr("common.close")}
      testId="admin-ledger-sheet"
    >
      <div className="space-y-4 p-4 sm:p-5">
        <section aria-label={tr("money.ledger.balances")} className="flex flex-wrap gap-2" data-testid="admin-ledger-balances">
          {balances?.map((b) => (
            <span key={b.coin} className="rounded-lg bg-slate-50 px-3 py-2 text-sm ring-1 ring-slate-200" data-testid="admin-ledger-balance" data-coin={b.coin}>
              <span className="block text-xs text-slate-500">{b.code}</span>
              <span className="font-semibold text-slate-900 tabular-nums">{formatAmount(b.amount, locale)}</span>
            </span>
          ))}
        </section>
        <div className="flex flex-wrap items-center gap-2">
          <label className="flex items-center gap-2 text-sm text-slate-600">
            {tr("money.col.coin")}
            <select value={coin ?? ""} onChange={(e) => setCoin(e.target.value ? Number(e.target.value) : undefined)} className={`${field} w-auto`} data-testid="admin-ledger-coin">
              <option value="">{tr("money.allCoins")}</option>
              {balances?.map((b) => (
                <option key={b.coin} value={b.coin}>
                  {b.code}
                </option>
              ))}
            </select>
          </label>
          <span className="flex gap-2 sm:ml-auto">
            <button type="button" className={btn.secondary} onClick={() => p.onAdjust("credit", coin)} data-testid="admin-ledger-credit">
              {tr("money.adjust.credit")}
            </button>
            <button type="button" className={btn.secondary} onClick={() => p.onAdjust("debit", coin)} data-testid="admin-ledger-debit">
              {tr("money.adjust.debit")}
            </button>
          </span>
        </div>
        <div className="overflow-hidden rounded-xl ring-1 ring-slate-200">
          <DataTable
            caption={tr("money.ledger.caption")}
            columns={columns}
            rows={snap.rows}
            rowKey={(e) => e.id}
            rowTestId="admin-ledger-row"
            rowProps={(e) => ({ "data-kind": e.kind, "data-coin": String(e.coin) })}
            testId="admin-ledger-table"
            loading={snap.loading}
            error={snap.error}
            onRetry={() => void (snap.rows.length ? feed.more() : feed.reload())}
            empty={{ title: tr("money.ledger.empty") }}
          />
          {snap.hasMore && (
            <div className="border-t border-slate-100 p-3 text-center">
              <button type="button" className={btn.secondary} onClick={() => void feed.more()} disabled={snap.loadingMore} data-testid="admin-ledger-more">
                {snap.loadingMore ? tr("common.loading") : tr("money.loadMore")}
              </button>
            </div>
          )}
        </div>
      </div>
    </Dialog>
  );
}
