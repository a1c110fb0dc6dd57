"use client";
// The portal's table: columns as data, rows from a ListQuery, and the states a list goes through
// (first load, nothing found, failed, refreshing with the last rows on screen). One markup for
// every width: on a phone each row becomes a card — the primary column as its title, the others
// as "label: value" lines, the buttons below or (a few of them) beside the title — so nothing
// scrolls sideways at 375 px.
import type { ReactNode } from "react";
import { ChevronIcon } from "./icons";
import { btn } from "./buttons";
import { EmptyState, ErrorState, LoadingRows, StaleNotice } from "./states";
import { useText } from "./use-text";

export interface Column<R> {
  key: string;
  header: string;
  cell(row: R): ReactNode;
  /** the row's title on a phone (shown without its label) */
  primary?: boolean;
  /** the row's buttons: last, right-aligned on a desktop, a row of their own on a phone */
  actions?: boolean;
  /** on a phone, the buttons beside the row's title instead of below it (one or two short ones) */
  beside?: boolean;
  /** left out on a phone (what the card does not need) */
  hideOnPhone?: boolean;
  className?: string;
}

export function DataTable<R>(p: {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey(row: R): string;
  rowTestId: string;
  /** extra attributes on a row (what a test or a style keys on) */
  rowProps?(row: R): Record<string, string | undefined>;
  testId: string;
  loading: boolean;
  refreshing?: boolean;
  error: string | null;
  onRetry(): void;
  empty: { title: string; hint?: string; action?: ReactNode };
}) {
  const hasRows = p.rows.length > 0;
  return (
    <div data-testid={p.testId} aria-busy={p.loading || p.refreshing || undefined}>
      {p.error && hasRows && <StaleNotice message={p.error} onRetry={p.onRetry} />}
      {p.loading && !hasRows ? (
        <LoadingRows testId={`${p.testId}-loading`} />
      ) : p.error && !hasRows ? (
        <ErrorState message={p.error} onRetry={p.onRetry} testId={`${p.testId}-error`} />
      ) : !hasRows ? (
        <EmptyState title={p.empty.title} hint={p.empty.hint} action={p.empty.action} testId={`${p.testId}-empty`} />
      ) : (
        <table className={`w-full text-left text-sm transition-opacity max-sm:block ${p.refreshing ? "opacity-70" : ""}`}>
          <caption className="sr-only">{p.caption}</caption>
          <thead className="bg-slate-50 text-xs tracking-wide text-slate-500 uppercase max-sm:hidden">
            <tr>
              {p.columns.map((c) => (
                <th key={c.key} scope="col" className={`px-4 py-2.5 font-medium whitespace-nowrap ${c.actions ? "text-right" : ""}`}>
                  {c.actions ? <span className="sr-only">{c.header}</span> : c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 max-sm:block">
            {p.rows.map((row) => (
              <tr
                key={p.rowKey(row)}
                data-testid={p.rowTestId}
                {...p.rowProps?.(row)}
                className="align-middle max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-3 max-sm:px-4 max-sm:py-3 sm:hover:bg-slate-50/60"
              >
                {p.columns.map((c) => (
                  <td key={c.key} className={`sm:px-4 sm:py-3 ${phoneCell(c)} ${c.className ?? ""}`}>
                    {!c.primary && !c.actions && <span className="w-24 shrink-0 text-xs leading-5 text-slate-500 sm:hidden">{c.header}</span>}
                    <span className={`min-w-0 ${c.actions ? "" : "max-sm:flex-1"}`}>{c.cell(row)}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** where a cell goes in a row's card on a phone (a two-column grid: the title and what is beside it) */
function phoneCell<R>(c: Column<R>): string {
  if (c.hideOnPhone) return "max-sm:hidden";
  if (c.primary) return "max-sm:col-start-1 max-sm:row-start-1 max-sm:mb-1.5 max-sm:min-w-0";
  if (c.actions && c.beside) return "sm:text-right max-sm:col-start-2 max-sm:row-start-1 max-sm:self-start";
  if (c.actions) return "sm:text-right max-sm:col-span-2 max-sm:mt-2";
  return "max-sm:col-span-2 max-sm:flex max-sm:gap-2 max-sm:py-0.5";
}

/** "21–40 of 57" with Previous / Next */
export function Pager(p: { page: number; pageSize: number; total: number; onPage(page: number): void; testId: string }) {
  const [tr] = useText();
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  if (p.total === 0) return null;
  const from = (p.page - 1) * p.pageSize + 1;
  const to = Math.min(p.total, p.page * p.pageSize);
  return (
    <nav aria-label={tr("common.pages")} data-testid={p.testId} className="flex items-center justify-between gap-2 border-t border-slate-100 px-4 py-2.5 text-sm text-slate-600">
      <span data-testid={`${p.testId}-range`}>{tr("common.range", { from, to, total: p.total })}</span>
      {pages > 1 && (
        <span className="flex items-center gap-1">
          <button type="button" className={btn.ghost} disabled={p.page <= 1} onClick={() => p.onPage(p.page - 1)} data-testid={`${p.testId}-prev`}>
            <ChevronIcon dir="left" className="h-4 w-4" />
            <span className="max-sm:sr-only">{tr("common.previous")}</span>
          </button>
          <span className="tabular-nums">{tr("common.pageOf", { page: p.page, pages })}</span>
          <button type="button" className={btn.ghost} disabled={p.page >= pages} onClick={() => p.onPage(p.page + 1)} data-testid={`${p.testId}-next`}>
            <span className="max-sm:sr-only">{tr("common.next")}</span>
            <ChevronIcon className="h-4 w-4" />
          </button>
        </span>
      )}
    </nav>
  );
}
