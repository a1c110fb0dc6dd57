"use client";
// /admin/money: per coin, what the ledger adds up to (admin.coinTotals) — the sum of balances,
// credited, debited, red packets sent / claimed / refunded, what packets still hold — and
// whether it reconciles, with the equation written out in the coin's own numbers so a ✗ shows
// where it is off. The equation is worked out again here (money.ts) beside the server's verdict.
import type { TCoinTotals } from "../../_lib/money-api";
import { formatAmount, fromUnits, reconciliation, toUnits } from "../../_lib/money";
import { useAdmin } from "../admin-context";
import { btn } from "../ui/buttons";
import { PageHeader, Panel } from "../ui/page-header";
import { EmptyState, ErrorState, LoadingRows, StaleNotice } from "../ui/states";
import { useText } from "../ui/use-text";
import { useListQuery } from "../use-list";
import { MoneyTabs } from "./money-tabs";

export function TotalsPage() {
  const [tr] = useText();
  const { api, fail } = useAdmin();
  const [query, snap] = useListQuery<TCoinTotals, null>({
    initialFilter: null,
    pageSize: 100,
    fetch: async () => {
      const r = await api.admin.coinTotals.query();
      return { rows: r.coins, total: r.coins.length };
    },
    errorText: fail,
  });
  const hasRows = snap.rows.length > 0;
  return (
    <>
      <PageHeader
        title={tr("money.totals.title")}
        subtitle={tr("money.totals.subtitle")}
        actions={
          <button type="button" className={btn.secondary} onClick={() => void query.refresh()} disabled={snap.refreshing} data-testid="admin-coin-totals-refresh">
            {snap.refreshing ? tr("common.loading") : tr("money.refresh")}
          </button>
        }
      />
      <MoneyTabs />
      <div data-testid="admin-coin-totals" aria-busy={snap.loading || snap.refreshing || undefined}>
        {snap.error && hasRows && (
          <Panel className="mb-4">
            <StaleNotice message={snap.error} onRetry={() => void query.refresh()} />
          </Panel>
        )}
        {snap.loading && !hasRows ? (
          <Panel>
            <LoadingRows />
          </Panel>
        ) : snap.error && !hasRows ? (
          <Panel>
            <ErrorState message={snap.error} onRetry={() => void query.refresh()} />
          </Panel>
        ) : !hasRows ? (
          <Panel>
            <EmptyState title={tr("money.totals.empty")} />
          </Panel>
        ) : (
          <div className={`grid gap-4 lg:grid-cols-2 ${snap.refreshing ? "opacity-70" : ""}`}>
            {snap.rows.map((t) => (
              <CoinCard key={t.coin} t={t} />
            ))}
          </div>
        )}
      </div>
    </>
  );
}

function CoinCard({ t }: { t: TCoinTotals }) {
  const [tr, locale] = useText();
  const r = reconciliation(t);
  const f = (s: string) => formatAmount(s, locale);
  const off = fromUnits(toUnits(t.balances, t.decimals) - toUnits(r.expected, t.decimals), t.decimals);
  const rows: [string, string, string?][] = [
    [tr("money.totals.balances"), t.balances, tr("money.totals.holders", { n: t.holders })],
    [tr("money.totals.credited"), t.credited],
    [tr("money.totals.debited"), t.debited],
    [tr("money.totals.sent"), t.packetsSent],
    [tr("money.totals.claimed"), t.packetsClaimed],
    [tr("money.totals.refunded"), t.packetsRefunded],
    [tr("money.totals.inPackets"), t.inPackets, tr("money.totals.inPacketsHint")],
  ];
  const titleId = `coin-${t.coin}-title`;
  return (
    <Panel testId="admin-coin-total">
      <section aria-labelledby={titleId} data-coin={t.coin} data-code={t.code} data-reconciles={r.ok ? "true" : "false"}>
        <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {t.code} <span className="font-normal text-slate-500">· {t.name}</span>
          </h2>
          <span
            data-testid="admin-coin-reconciles"
            data-ok={r.ok ? "true" : "false"}
            className={`inline-flex items-center gap-1 rounded-full px-2.5 py-1 text-xs font-semibold ring-1 ${r.ok ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : "bg-red-50 text-red-800 ring-red-200"}`}
          >
            <span aria-hidden>{r.ok ? "✓" : "✗"}</span>
            {tr(r.ok ? "money.totals.reconciles" : "money.totals.notReconciles")}
          </span>
        </header>
        <dl className="divide-y divide-slate-100 text-sm">
          {rows.map(([label, amount, hint]) => (
            <div key={label} className="flex items-baseline justify-between gap-3 px-4 py-2">
              <dt className="text-slate-600">
                {label}
                {hint && <span className="block text-xs text-slate-400">{hint}</span>}
              </dt>
              <dd className="font-medium text-slate-900 tabular-nums">
                {f(amount)} <span className="text-xs font-normal text-slate-500">{t.code}</span>
              </dd>
            </div>
          ))}
        </dl>
        <div className={`border-t px-4 py-3 text-xs ${r.ok ? "border-slate-100 bg-slate-50 text-slate-600" : "border-red-100 bg-red-50 text-red-800"}`} data-testid="admin-coin-equation">
          <p className="font-medium">{tr("money.totals.equation")}</p>
          <p className="mt-1 font-mono break-words tabular-nums">
            {f(t.balances)} {r.holds ? "=" : "≠"} {f(t.credited)} − {f(t.debited)} − {f(t.packetsSent)} + {f(t.packetsClaimed)} + {f(t.packetsRefunded)}
            {!r.holds && ` = ${f(r.expected)}`}
          </p>
          {!r.ok && (
            <p className="mt-1" role="alert">
              {r.holds ? tr("money.totals.serverSaysOff") : tr("money.totals.off", { diff: `${f(off)} ${t.code}` })}
            </p>
          )}
        </div>
      </section>
    </Panel>
  );
}
