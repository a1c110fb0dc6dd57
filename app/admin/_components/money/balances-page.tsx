"use client";
// /admin/money/balances: who holds what, largest first (admin.balances; one coin or all, a
// member by name, mobile or uid). A row opens the member's ledger; Credit / Debit there or in
// the row start the adjust dialog, which confirms before anything is sent. "Credit or debit"
// in the header finds any member, also one who holds nothing yet.
import { useState } from "react";
import { formatAmount } from "../../_lib/money";
import type { TBalanceRow, TCoinTotals } from "../../_lib/money-api";
import { useAdmin } from "../admin-context";
import { Avatar } from "../ui/avatar";
import { btn, field } from "../ui/buttons";
import { DataTable, type Column } from "../ui/data-table";
import { ChevronIcon } from "../ui/icons";
import { SearchField, Toolbar } from "../ui/list-controls";
import { PageHeader, Panel } from "../ui/page-header";
import { useText } from "../ui/use-text";
import { useListQuery } from "../use-list";
import { AdjustDialog, type AdjustDirection, type AdjustMember } from "./adjust-dialog";
import { LedgerSheet } from "./ledger-sheet";
import { MoneyTabs } from "./money-tabs";

const PAGE_SIZE = 20;

export function BalancesPage() {
  const [tr, locale] = useText();
  const { api, fail } = useAdmin();
  // the coins, for the filter (0: every coin)
  const [, coinsSnap] = useListQuery<TCoinTotals, null>({
    initialFilter: null,
    fetch: async () => {
      const r = await api.admin.coinTotals.query();
      return { rows: r.coins, total: r.coins.length };
    },
    errorText: fail,
  });
  const [query, snap] = useListQuery<TBalanceRow, number>({
    initialFilter: 0,
    pageSize: PAGE_SIZE,
    fetch: async ({ search, filter, page }, number) => {
      // one more than a page: whether there is a next one (the server gives no total)
      const r = await api.admin.balances.query({ coin: filter || undefined, query: search.trim() || undefined, page, number: number + 1 });
      const rows = r.balances.slice(0, number);
      return { rows, total: (page - 1) * number + rows.length + (r.balances.length > number ? 1 : 0) };
    },
    errorText: fail,
  });
  const [ledgerOf, setLedgerOf] = useState<{ member: AdjustMember; coin?: number } | null>(null);
  const [adjust, setAdjust] = useState<{ member: AdjustMember | null; direction: AdjustDirection; coin?: number } | null>(null);
  const [version, setVersion] = useState(0);

  const memberOf = (b: TBalanceRow): AdjustMember => ({ id: b.userId, name: b.nickname, sub: b.mobile || undefined });
  const columns: Column<TBalanceRow>[] = [
    {
      key: "who",
      header: tr("money.col.member"),
      primary: true,
      cell: (b) => (
        <button
          type="button"
          onClick={() => setLedgerOf({ member: memberOf(b), coin: b.coin })}
          className="flex items-center gap-2.5 rounded-lg text-left outline-none hover:text-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500"
          data-testid="admin-balance-ledger"
          aria-label={tr("money.balances.openLedger", { name: b.nickname })}
        >
          <Avatar id={b.userId} name={b.nickname} />
          <span className="min-w-0">
            <span className="block truncate font-medium" data-testid="admin-person-name">
              {b.nickname}
            </span>
            <span className="block truncate text-xs text-slate-500">{[b.mobile, tr("money.userId", { id: b.userId })].filter(Boolean).join(" · ")}</span>
          </span>
        </button>
      ),
    },
    {
      key: "amount",
      header: tr("money.col.balance"),
      cell: (b) => (
        <span className="font-semibold whitespace-nowrap text-slate-900 tabular-nums" data-testid="admin-balance-amount">
          {formatAmount(b.amount, locale)} <span className="text-xs font-normal text-slate-500">{b.code}</span>
        </span>
      ),
    },
    {
      key: "actions",
      header: tr("common.actions"),
      actions: true,
      cell: (b) => (
        <span className="inline-flex flex-wrap justify-end gap-1.5">
          <button type="button" className={btn.row} onClick={() => setAdjust({ member: memberOf(b), direction: "credit", coin: b.coin })} data-testid="admin-balance-credit">
            {tr("money.adjust.credit")}
          </button>
          <button type="button" className={btn.rowDanger} onClick={() => setAdjust({ member: memberOf(b), direction: "debit", coin: b.coin })} data-testid="admin-balance-debit">
            {tr("money.adjust.debit")}
          </button>
          <button type="button" className={btn.row} onClick={() => setLedgerOf({ member: memberOf(b), coin: b.coin })} data-testid="admin-balance-open-ledger">
            {tr("money.balances.ledger")}
            <ChevronIcon className="h-4 w-4" />
          </button>
        </span>
      ),
    },
  ];

  const search = snap.params.search.trim();
  const hasNext = snap.total > snap.params.page * snap.pageSize;
  return (
    <>
      <PageHeader
        title={tr("money.balances.title")}
        subtitle={tr("money.balances.subtitle")}
        actions={
          <button type="button" className={btn.primary} onClick={() => setAdjust({ member: null, direction: "credit" })} data-testid="admin-adjust-open">
            {tr("money.adjust.open")}
          </button>
        }
      />
      <MoneyTabs />
      <Panel testId="admin-balances">
        <Toolbar>
          <SearchField label={tr("money.balances.search")} value={snap.params.search} onChange={(v) => query.setSearch(v)} onSubmit={() => query.submitSearch()} testId="admin-balances-search" />
          <label className="flex items-center gap-2 text-sm text-slate-600">
            {tr("money.col.coin")}
            <select value={snap.params.filter} onChange={(e) => query.setFilter(Number(e.target.value))} className={`${field} w-auto`} data-testid="admin-balances-coin">
              <option value={0}>{tr("money.allCoins")}</option>
              {coinsSnap.rows.map((c) => (
                <option key={c.coin} value={c.coin}>
                  {c.code}
                </option>
              ))}
            </select>
          </label>
        </Toolbar>
        <DataTable
          caption={tr("money.balances.title")}
          columns={columns}
          rows={snap.rows}
          rowKey={(b) => `${b.userId}:${b.coin}`}
          rowTestId="admin-balance-row"
          rowProps={(b) => ({ "data-user-id": b.userId, "data-coin": String(b.coin) })}
          testId="admin-balances-table"
          loading={snap.loading}
          refreshing={snap.refreshing}
          error={snap.error}
          onRetry={() => void query.refresh()}
          empty={{ title: search ? tr("money.balances.noneFound", { query: search }) : tr("money.balances.empty") }}
        />
        {(snap.params.page > 1 || hasNext) && (
          <nav aria-label={tr("common.pages")} className="flex items-center justify-between gap-2 border-t border-slate-100 px-4 py-2.5 text-sm text-slate-600" data-testid="admin-balances-pager">
            <button type="button" className={btn.ghost} disabled={snap.params.page <= 1} onClick={() => query.setPage(snap.params.page - 1)} data-testid="admin-balances-pager-prev">
              <ChevronIcon dir="left" className="h-4 w-4" />
              {tr("common.previous")}
            </button>
            <span className="tabular-nums">{tr("money.page", { page: snap.params.page })}</span>
            <button type="button" className={btn.ghost} disabled={!hasNext} onClick={() => query.setPage(snap.params.page + 1)} data-testid="admin-balances-pager-next">
              {tr("common.next")}
              <ChevronIcon className="h-4 w-4" />
            </button>
          </nav>
        )}
      </Panel>

      {ledgerOf && (
        <LedgerSheet
          key={ledgerOf.member.id}
          member={ledgerOf.member}
          coin={ledgerOf.coin}
          version={version}
          onClose={() => setLedgerOf(null)}
          onAdjust={(direction, coin) => setAdjust({ member: ledgerOf.member, direction, coin })}
        />
      )}
      {adjust && (
        <AdjustDialog
          key={`${adjust.member?.id ?? "any"}:${adjust.direction}`}
          member={adjust.member}
          direction={adjust.direction}
          coin={adjust.coin}
          onClose={() => setAdjust(null)}
          onDone={() => {
            setVersion((v) => v + 1);
            void query.refresh();
          }}
        />
      )}
    </>
  );
}
