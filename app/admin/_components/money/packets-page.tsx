"use client";
// /admin/money/packets: red packets, newest first (admin.packets, 30 at a time with "Load
// more"), how each went — claimed, refunded, still open — and one packet in full
// (admin.packet: every claim and the refund) in a sheet. ?packet=<id> is the sheet in the
// address, so a ledger row links straight to its packet and Back closes it.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { formatDateTime, formatRelative } from "../../_lib/format";
import { channelKey, formatAmount, packetRowState } from "../../_lib/money";
import type { TPacketInfo, TPacketRow } from "../../_lib/money-api";
import { useAdmin } from "../admin-context";
import { btn } from "../ui/buttons";
import { DataTable, type Column } from "../ui/data-table";
import { Dialog } from "../ui/dialog";
import { PageHeader, Panel } from "../ui/page-header";
import { ErrorState, LoadingRows } from "../ui/states";
import { useText, type AdminText } from "../ui/use-text";
import { useListQuery, useNow } from "../use-list";
import { MoneyTabs } from "./money-tabs";
import { useCursorFeed } from "./use-feed";

/** packets asked for at a time */
const PACKETS_PAGE = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type PacketState = "open" | "finished" | "expired";

export function PacketsPage() {
  const [tr, locale] = useText();
  const { api, fail } = useAdmin();
  const now = useNow(30_000);
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const opened = params.get("packet");
  const openId = opened && UUID.test(opened) ? opened : null;
  const [feed, snap] = useCursorFeed<TPacketRow, number>(
    {
      fetch: async (before) => {
        const r = await api.admin.packets.query({ number: PACKETS_PAGE, before: before ?? undefined });
        const last = r.packets.at(-1);
        return { rows: r.packets, next: r.packets.length === PACKETS_PAGE && last ? last.createdAt : null };
      },
      key: (p) => p.packetId,
      errorText: fail,
    },
    "packets",
  );
  const open = (id: string | null) => router.push(id ? `${pathname}?packet=${id}` : pathname, { scroll: false });

  const columns: Column<TPacketRow>[] = [
    {
      key: "packet",
      header: tr("money.col.packet"),
      primary: true,
      cell: (p) => (
        <button
          type="button"
          onClick={() => open(p.packetId)}
          className="rounded text-left outline-none hover:text-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500"
          data-testid="admin-packet-open"
          aria-label={tr("money.packets.openOne", { name: p.sender.nickname, total: `${formatAmount(p.total, locale)} ${p.code}` })}
        >
          <span className="block font-semibold text-slate-900 tabular-nums">
            {formatAmount(p.total, locale)} {p.code}
          </span>
          <span className="block text-xs text-slate-500">
            {tr("money.packets.from", { name: p.sender.nickname })} · {tr(channelKey(p.channelType))}
          </span>
        </button>
      ),
    },
    { key: "type", header: tr("money.col.type"), hideOnPhone: true, cell: (p) => <span className="text-slate-700">{tr(p.type === 1 ? "money.packet.lucky" : "money.packet.fixed")}</span> },
    {
      key: "claimed",
      header: tr("money.col.claimed"),
      cell: (p) => (
        <span className="whitespace-nowrap tabular-nums">
          {p.claimed}/{p.count} · {formatAmount(p.claimedAmount, locale)}
        </span>
      ),
    },
    { key: "refunded", header: tr("money.col.refunded"), cell: (p) => <span className="tabular-nums">{formatAmount(p.refundedAmount, locale)}</span> },
    { key: "state", header: tr("money.col.state"), cell: (p) => <StateBadge state={packetRowState(p, now)} tr={tr} /> },
    {
      key: "time",
      header: tr("money.col.time"),
      cell: (p) => (
        <time className="whitespace-nowrap text-slate-600" dateTime={new Date(p.createdAt).toISOString()} title={formatDateTime(p.createdAt, locale)}>
          {formatRelative(p.createdAt, now, locale)}
        </time>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={tr("money.packets.title")}
        subtitle={tr("money.packets.subtitle")}
        actions={
          <button type="button" className={btn.secondary} onClick={() => void feed.reload()} data-testid="admin-packets-refresh">
            {tr("money.refresh")}
          </button>
        }
      />
      <MoneyTabs />
      <Panel testId="admin-packets">
        <DataTable
          caption={tr("money.packets.title")}
          columns={columns}
          rows={snap.rows}
          rowKey={(p) => p.packetId}
          rowTestId="admin-packet-row"
          rowProps={(p) => ({ "data-packet-id": p.packetId, "data-state": packetRowState(p, now) })}
          testId="admin-packets-table"
          loading={snap.loading}
          error={snap.error}
          onRetry={() => void (snap.rows.length ? feed.more() : feed.reload())}
          empty={{ title: tr("money.packets.empty") }}
        />
        {snap.hasMore && (
          <div className="border-t border-slate-100 p-3 text-center">
            <button type="button" className={btn.secondary} onClick={() => void feed.more()} disabled={snap.loadingMore} data-testid="admin-packets-more">
              {snap.loadingMore ? tr("common.loading") : tr("money.loadMore")}
            </button>
          </div>
        )}
      </Panel>
      {openId && <PacketSheet key={openId} packetId={openId} onClose={() => open(null)} />}
    </>
  );
}

function StateBadge({ state, tr }: { state: PacketState; tr: AdminText }) {
  const look = state === "open" ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : state === "finished" ? "bg-slate-100 text-slate-700 ring-slate-200" : "bg-amber-50 text-amber-900 ring-amber-200";
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ${look}`} data-testid="admin-packet-state" data-state={state}>
      {tr(`money.packet.state.${state}`)}
    </span>
  );
}

/** one packet: its terms, every claim, and what went back to the sender */
function PacketSheet({ packetId, onClose }: { packetId: string; onClose(): void }) {
  const [tr, locale] = useText();
  const { api, fail } = useAdmin();
  const [query, snap] = useListQuery<TPacketInfo, null>(
    {
      initialFilter: null,
      fetch: async () => {
        const r = await api.admin.packet.query({ packetId });
        return { rows: [r], total: 1 };
      },
      errorText: fail,
    },
    packetId,
  );
  const p = snap.rows[0];
  const f = (s: string) => `${formatAmount(s, locale)} ${p?.code ?? ""}`;
  return (
    <Dialog open onClose={onClose} shape="sheet" title={p ? tr("money.packet.title", { name: p.sender.nickname }) : tr("money.packet.titlePlain")} description={<span className="font-mono text-xs break-all">{packetId}</span>} closeLabel={tr("common.close")} testId="admin-packet-sheet">
      {snap.loading && !p ? (
        <LoadingRows />
      ) : snap.error && !p ? (
        <ErrorState message={snap.error} onRetry={() => void query.refresh()} />
      ) : p ? (
        <div className="space-y-5 p-4 sm:p-5 text-sm" data-packet-id={p.packetId} data-state={p.state}>
          {p.greeting && <p className="rounded-lg bg-red-50 px-3 py-2 text-red-900 ring-1 ring-red-100 break-words">“{p.greeting}”</p>}
          <dl className="grid grid-cols-2 gap-x-4 gap-y-3 sm:grid-cols-3">
            <Fact term={tr("money.col.state")}>
              <StateBadge state={p.state} tr={tr} />
            </Fact>
            <Fact term={tr("money.col.total")}>{f(p.total)}</Fact>
            <Fact term={tr("money.col.type")}>{tr(p.type === 1 ? "money.packet.lucky" : "money.packet.fixed")}</Fact>
            <Fact term={tr("money.col.claimed")}>
              {p.claims.length}/{p.count} · {f(p.claimedAmount)}
            </Fact>
            <Fact term={tr("money.packet.left")}>{p.remain}</Fact>
            <Fact term={tr("money.packet.sender")}>
              {p.sender.nickname} <span className="text-xs text-slate-500">({tr("money.userId", { id: p.sender.id })})</span>
            </Fact>
            <Fact term={tr("money.packet.sent")}>{formatDateTime(p.createdAt, locale)}</Fact>
            <Fact term={tr("money.packet.expires")}>{formatDateTime(p.expiresAt, locale)}</Fact>
            {p.newMembersOnly && <Fact term={tr("money.packet.rule")}>{tr("money.packet.newMembersOnly")}</Fact>}
          </dl>

          <section aria-labelledby="packet-claims" className="overflow-hidden rounded-xl ring-1 ring-slate-200">
            <h3 id="packet-claims" className="border-b border-slate-100 bg-slate-50 px-4 py-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">
              {tr("money.packet.claims", { n: p.claims.length })}
            </h3>
            {p.claims.length === 0 ? (
              <p className="px-4 py-4 text-slate-500">{tr("money.packet.noClaims")}</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {p.claims.map((c) => (
                  <li key={`${c.userId}:${c.claimedAt}`} className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-4 py-2" data-testid="admin-packet-claim" data-user-id={c.userId}>
                    <span className="min-w-0 flex-1 font-medium text-slate-900">
                      {c.nickname} <span className="text-xs font-normal text-slate-500">({tr("money.userId", { id: c.userId })})</span>
                      {c.best && <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">{tr("money.packet.best")}</span>}
                    </span>
                    <span className="font-semibold text-emerald-700 tabular-nums">{f(c.amount)}</span>
                    <time className="w-full text-xs text-slate-500 sm:w-auto" dateTime={new Date(c.claimedAt).toISOString()}>
                      {formatDateTime(c.claimedAt, locale)}
                    </time>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="rounded-xl px-4 py-3 ring-1 ring-slate-200" data-testid="admin-packet-refund" data-refunded={p.refundedAt !== null ? "true" : "false"}>
            <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{tr("money.packet.refund")}</h3>
            <p className="mt-1 text-slate-800">
              {p.refundedAt !== null
                ? tr("money.packet.refunded", { amount: f(p.refundedAmount), time: formatDateTime(p.refundedAt, locale) })
                : p.state === "finished"
                  ? tr("money.packet.noRefundNeeded")
                  : tr("money.packet.notRefunded", { time: formatDateTime(p.expiresAt, locale) })}
            </p>
          </section>
        </div>
      ) : null}
    </Dialog>
  );
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{term}</dt>
      <dd className="mt-0.5 font-medium break-words text-slate-900">{children}</dd>
    </div>
  );
}
