"use client";
// /admin/sms: what the development SMS provider would have texted (admin.smsOutbox), newest
// first, optionally for one number (?mobile= keeps the filter in the address). When a real
// provider sends the codes the server says so (-3000 with why) and that is what shows.
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { formatDateTime, formatRelative } from "../../_lib/format";
import { useAdmin } from "../admin-context";
import { btn } from "../ui/buttons";
import { DataTable, type Column } from "../ui/data-table";
import { SearchField, Toolbar } from "../ui/list-controls";
import { PageHeader, Panel } from "../ui/page-header";
import { useText } from "../ui/use-text";
import { useListQuery, useNow } from "../use-list";

type Sms = { id: string; mobile: string; text: string; createdAt: number };
/** the outbox's numbers, as user.sendSms takes them */
const MOBILE = /^\+?[0-9]{1,20}$/;

export function SmsPage() {
  const [tr, locale] = useText();
  const { api, fail } = useAdmin();
  const now = useNow(15_000);
  const router = useRouter();
  const params = useSearchParams();
  const fromUrl = params.get("mobile")?.trim() ?? "";
  const [query, snap] = useListQuery<Sms, null>({
    initialFilter: null,
    pageSize: 100,
    searchDelayMs: 500,
    fetch: async ({ search }) => {
      const mobile = search.trim();
      // no number looks like that: nothing was texted to it
      if (mobile && !MOBILE.test(mobile)) return { rows: [], total: 0 };
      const r = await api.admin.smsOutbox.query(mobile ? { mobile } : {});
      return { rows: r.messages, total: r.messages.length };
    },
    errorText: fail,
  });
  // the address's ?mobile= is the filter (links from a row, the browser's Back)
  useEffect(() => {
    if (fromUrl !== snap.params.search.trim()) {
      query.setSearch(fromUrl);
      query.submitSearch();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the address changes
  }, [fromUrl, query]);

  const filterBy = (mobile: string) => router.replace(mobile ? `/admin/sms?mobile=${encodeURIComponent(mobile)}` : "/admin/sms");
  const columns: Column<Sms>[] = [
    {
      key: "to",
      header: tr("sms.to"),
      primary: true,
      cell: (m) => (
        <span className="flex flex-wrap items-baseline gap-x-2">
          <button type="button" onClick={() => filterBy(m.mobile)} className="font-mono text-slate-900 hover:text-indigo-700 hover:underline">
            {m.mobile}
          </button>
          <time className="text-xs text-slate-500 sm:hidden" dateTime={new Date(m.createdAt).toISOString()}>
            {formatRelative(m.createdAt, now, locale)}
          </time>
        </span>
      ),
    },
    { key: "text", header: tr("sms.text"), cell: (m) => <span className="break-words text-slate-900">{m.text}</span>, className: "min-w-40" },
    {
      key: "time",
      header: tr("sms.time"),
      className: "max-sm:hidden",
      cell: (m) => (
        <time className="whitespace-nowrap text-slate-600" dateTime={new Date(m.createdAt).toISOString()} title={formatDateTime(m.createdAt, locale)}>
          {formatRelative(m.createdAt, now, locale)}
        </time>
      ),
    },
  ];

  const mobile = snap.params.search.trim();
  return (
    <>
      <PageHeader title={tr("sms.title")} subtitle={tr("sms.subtitle")} />
      <Panel testId="admin-sms">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            filterBy(mobile);
          }}
          data-testid="admin-sms-filter"
        >
          <Toolbar>
            <SearchField label={tr("sms.mobile")} type="tel" value={snap.params.search} onChange={(v) => query.setSearch(v)} onSubmit={() => filterBy(snap.params.search.trim())} testId="admin-sms-mobile" />
            {mobile && (
              <button type="button" className={btn.ghost} onClick={() => filterBy("")}>
                {tr("sms.showAll")}
              </button>
            )}
            <button type="button" className={`${btn.ghost} sm:ml-auto`} onClick={() => void query.refresh()} data-testid="admin-sms-refresh">
              {tr("sms.refresh")}
            </button>
          </Toolbar>
        </form>
        <DataTable
          caption={tr("sms.title")}
          columns={columns}
          rows={snap.rows}
          rowKey={(m) => m.id}
          rowTestId="admin-sms-row"
          testId="admin-sms-table"
          loading={snap.loading}
          refreshing={snap.refreshing}
          error={snap.error}
          onRetry={() => void query.refresh()}
          empty={{ title: mobile ? tr("sms.emptyFor", { mobile }) : tr("sms.empty") }}
        />
        {snap.rows.length > 0 && <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">{tr("sms.count", { count: snap.rows.length })}</p>}
      </Panel>
    </>
  );
}
