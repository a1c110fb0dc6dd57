"use client";
// /admin/reports: the queue of reports (report.list: open, closed or all; paged by the server),
// each opened in a sheet with its message, context, actions and history (report-detail.tsx).
import { useState } from "react";
import type { ReportStatusFilter, TReport } from "../../_lib/admin-api";
import { formatDateTime, formatRelative } from "../../_lib/format";
import { useAdmin } from "../admin-context";
import { Avatar } from "../ui/avatar";
import { btn } from "../ui/buttons";
import { DataTable, Pager, type Column } from "../ui/data-table";
import { SegmentedFilter, Toolbar } from "../ui/list-controls";
import { PageHeader, Panel } from "../ui/page-header";
import { useText } from "../ui/use-text";
import { useListQuery, useNow, usePolling } from "../use-list";
import { ReportDetailSheet } from "./report-detail";
import { MessageSummary } from "./report-message";
import { ReportStatusBadge } from "./report-status";

/** new reports come in while the queue is open */
const REPORTS_POLL_MS = 20_000;

export function ReportsPage() {
  const [tr, locale] = useText();
  const { api, fail } = useAdmin();
  const now = useNow(30_000);
  const [query, snap] = useListQuery<TReport, ReportStatusFilter>({
    initialFilter: "open",
    fetch: async ({ filter, page }, number) => {
      const r = await api.report.list.query({ status: filter, page, number });
      return { rows: r.reports, total: r.total };
    },
    errorText: fail,
  });
  usePolling(() => void query.refresh(), REPORTS_POLL_MS);
  /**
   * the report in the sheet: as the list has it now, else as the last action answered it (an
   * acted-on report leaves the "open" queue), else as it was when opened
   */
  const [opened, setOpened] = useState<TReport | null>(null);
  const open = opened ? (snap.rows.find((r) => r.id === opened.id) ?? opened) : null;

  const columns: Column<TReport>[] = [
    {
      key: "reported",
      header: tr("reports.reported"),
      primary: true,
      cell: (r) => (
        <span className="flex items-center gap-2.5">
          <Avatar id={r.reported.id} name={r.reported.name} src={r.reported.avatar} />
          <span className="min-w-0">
            <span className="block truncate font-medium text-slate-900" data-testid="admin-report-row-reported">
              {r.reported.name}
            </span>
            <span className="block truncate text-xs text-slate-500">{tr("reports.by", { name: r.reporter.name })}</span>
          </span>
        </span>
      ),
    },
    {
      key: "what",
      header: tr("reports.col.what"),
      cell: (r) => (
        <span className="line-clamp-2 max-w-xs text-slate-700">
          {r.reason ? <span className="font-medium">{r.reason}</span> : null}
          {r.reason && r.message ? " · " : null}
          {r.message ? <MessageSummary m={r.message} /> : !r.reason ? <span className="text-slate-400">{tr("reports.noMessage")}</span> : null}
        </span>
      ),
    },
    {
      key: "when",
      header: tr("reports.col.when"),
      cell: (r) => (
        <time dateTime={new Date(r.createdAt).toISOString()} title={formatDateTime(r.createdAt, locale)} className="whitespace-nowrap text-slate-600">
          {formatRelative(r.createdAt, now, locale)}
        </time>
      ),
    },
    { key: "status", header: tr("reports.col.status"), cell: (r) => <ReportStatusBadge status={r.status} /> },
    {
      key: "actions",
      header: tr("common.actions"),
      actions: true,
      beside: true,
      cell: (r) => (
        <button type="button" className={btn.row} onClick={() => setOpened(r)} data-testid="admin-report-open">
          {tr("reports.review")}
        </button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={tr("nav.reports")} subtitle={tr("reports.subtitle")} />
      <Panel testId="admin-reports">
        <Toolbar>
          <SegmentedFilter<ReportStatusFilter>
            label={tr("reports.col.status")}
            value={snap.params.filter}
            onChange={(v) => query.setFilter(v)}
            options={[
              { value: "open", label: tr("reports.filter.open") },
              { value: "closed", label: tr("reports.filter.closed") },
              { value: "all", label: tr("reports.filter.all") },
            ]}
            testId="admin-reports-status"
          />
        </Toolbar>
        <DataTable
          caption={tr("nav.reports")}
          columns={columns}
          rows={snap.rows}
          rowKey={(r) => r.id}
          rowTestId="admin-report-row"
          rowProps={(r) => ({ "data-report-id": r.id, "data-status": r.status })}
          testId="admin-reports-table"
          loading={snap.loading}
          refreshing={snap.refreshing}
          error={snap.error}
          onRetry={() => void query.refresh()}
          empty={{ title: tr(snap.params.filter === "open" ? "reports.emptyOpen" : "reports.empty") }}
        />
        <Pager page={snap.params.page} pageSize={snap.pageSize} total={snap.total} onPage={(n) => query.setPage(n)} testId="admin-reports-pager" />
      </Panel>
      {open && (
        <ReportDetailSheet
          key={open.id}
          report={open}
          onClose={() => setOpened(null)}
          onActed={(next) => {
            if (next) setOpened(next);
            void query.refresh();
          }}
        />
      )}
    </>
  );
}
