"use client";
// /admin/muting: the mutes running now (admin.mutes: everywhere and per room, with their end)
// and finding a member (admin.members) to mute everywhere (user.muted) for 10 min, 1 h, 1 day
// or a custom time — or to lift it. A mute ends by itself at its time; the list drops it then.
import { useState } from "react";
import type { TMember, TMute } from "../../_lib/admin-api";
import { isMutedAt } from "../../_lib/durations";
import { formatDateTime, formatDuration, formatRemaining } from "../../_lib/format";
import { pageLocally } from "../../_lib/list-query";
import { useAdmin } from "../admin-context";
import { MuteDialog, type MuteTarget } from "../mute-dialog";
import { Avatar } from "../ui/avatar";
import { btn } from "../ui/buttons";
import { DataTable, Pager, type Column } from "../ui/data-table";
import { SearchField, SegmentedFilter, Toolbar } from "../ui/list-controls";
import { PageHeader, Panel } from "../ui/page-header";
import { useText } from "../ui/use-text";
import { useListQuery, useNow, usePolling } from "../use-list";

type ScopeFilter = "all" | "global" | "room";
/** the current mutes are asked again this often (others may mute too; ended ones drop off) */
const MUTES_POLL_MS = 30_000;

/** who the mute dialog is for: a member everywhere, or someone in one room */
type Muting = { userId: string; name: string; scope: "global" } | { userId: string; name: string; scope: "room"; groupId: string; groupName: string };

export function MutingPage() {
  const [tr, locale] = useText();
  const { api, fail, toasts } = useAdmin();
  const now = useNow(10_000);

  const [mutesQuery, mutes] = useListQuery<TMute, ScopeFilter>({
    initialFilter: "all",
    searchDelayMs: 0,
    fetch: async ({ search, filter, page }, size) => {
      const r = await api.admin.mutes.query({});
      const q = search.trim().toLowerCase();
      const at = Date.now();
      const rows = r.mutes
        .filter((m) => m.mutedUntil > at && (filter === "all" || m.scope === filter))
        .filter((m) => !q || m.name.toLowerCase().includes(q) || m.account.toLowerCase().includes(q) || (m.groupName ?? "").toLowerCase().includes(q))
        .sort((a, b) => a.mutedUntil - b.mutedUntil);
      return pageLocally(rows, page, size);
    },
    errorText: fail,
  });
  usePolling(() => void mutesQuery.refresh(), MUTES_POLL_MS);

  const [membersQuery, members] = useListQuery<TMember, null>({
    initialFilter: null,
    fetch: async ({ search, page }, number) => {
      const r = await api.admin.members.query({ query: search.trim() || undefined, page, number });
      return { rows: r.members, total: r.total };
    },
    errorText: fail,
  });

  const [muting, setMuting] = useState<(Muting & { mutedUntil: number | null }) | null>(null);

  async function apply(m: Muting, ms: number) {
    if (m.scope === "global") await api.user.muted.mutate({ id: m.userId, muted_time: ms });
    else await api.chatRoom.mute.mutate({ groupId: m.groupId, userId: m.userId, mutedTime: ms });
    const where = m.scope === "global" ? tr("muting.whereGlobal") : tr("muting.whereRoom", { room: m.groupName });
    toasts.success(ms ? tr("muting.done", { name: m.name, duration: formatDuration(ms, locale), where }) : tr("muting.lifted", { name: m.name, where }));
    void mutesQuery.refresh();
    void membersQuery.refresh();
  }

  /** from the dialog: its errors show in the dialog */
  async function fromDialog(ms: number) {
    if (!muting) return;
    try {
      await apply(muting, ms);
      setMuting(null);
    } catch (err) {
      throw new Error(fail(err));
    }
  }

  /** Lift in a row: no dialog, the result as a toast */
  async function liftNow(m: Muting) {
    try {
      await apply(m, 0);
    } catch (err) {
      toasts.error(fail(err));
    }
  }

  async function unban(m: TMember) {
    try {
      await api.admin.unban.mutate({ userId: m.id });
      toasts.success(tr("reports.done.unban", { name: m.name }));
      void membersQuery.refresh();
    } catch (err) {
      toasts.error(fail(err));
    }
  }

  const muteOf = (m: TMute): Muting =>
    m.scope === "room" && m.groupId ? { userId: m.userId, name: m.name, scope: "room", groupId: m.groupId, groupName: m.groupName ?? m.groupId } : { userId: m.userId, name: m.name, scope: "global" };

  const muteColumns: Column<TMute>[] = [
    { key: "who", header: tr("muting.col.person"), primary: true, cell: (m) => <Person id={m.userId} name={m.name} sub={m.account} /> },
    {
      key: "where",
      header: tr("muting.col.where"),
      cell: (m) => <span data-testid="admin-mute-where">{m.scope === "global" ? tr("muting.everywhere") : tr("muting.inRoom", { room: m.groupName ?? m.groupId ?? "" })}</span>,
    },
    {
      key: "ends",
      header: tr("muting.col.ends"),
      cell: (m) => (
        <span className="whitespace-nowrap">
          <time dateTime={new Date(m.mutedUntil).toISOString()} className="text-slate-900" data-testid="admin-mute-ends">
            {formatDateTime(m.mutedUntil, locale)}
          </time>
          <span className="block text-xs text-slate-500">{tr("muting.left", { left: formatRemaining(m.mutedUntil, now, locale) })}</span>
        </span>
      ),
    },
    {
      key: "actions",
      header: tr("common.actions"),
      actions: true,
      beside: true,
      cell: (m) => (
        <span className="inline-flex flex-wrap justify-end gap-1.5">
          <button type="button" className={btn.row} onClick={() => setMuting({ ...muteOf(m), mutedUntil: m.mutedUntil })} data-testid="admin-mute-change">
            {tr("muting.change")}
          </button>
          <button type="button" className={btn.row} onClick={() => void liftNow(muteOf(m))} data-testid="admin-mute-lift">
            {tr("mute.lift")}
          </button>
        </span>
      ),
    },
  ];

  const memberColumns: Column<TMember>[] = [
    {
      key: "who",
      header: tr("muting.col.member"),
      primary: true,
      cell: (m) => <Person id={m.id} name={m.name} src={m.avatar} sub={[m.account, m.uid && tr("people.uid", { uid: m.uid })].filter(Boolean).join(" · ")} />,
    },
    { key: "role", header: tr("muting.col.role"), hideOnPhone: true, cell: (m) => <span className="text-slate-700">{tr(m.role === "admin" ? "muting.role.admin" : "muting.role.member")}</span> },
    {
      key: "state",
      header: tr("muting.col.state"),
      cell: (m) =>
        m.bannedAt ? (
          <span className="font-medium text-red-700" data-testid="admin-member-state">
            {tr("muting.banned", { time: formatDateTime(m.bannedAt, locale) })}
          </span>
        ) : isMutedAt(m.mutedUntil, now) ? (
          <span className="text-amber-800" data-testid="admin-member-state" title={formatDateTime(m.mutedUntil!, locale)}>
            {tr("muting.mutedUntil", { time: formatDateTime(m.mutedUntil!, locale) })}
          </span>
        ) : (
          <span className="text-slate-400" data-testid="admin-member-state">
            {tr("muting.canWrite")}
          </span>
        ),
    },
    {
      key: "actions",
      header: tr("common.actions"),
      actions: true,
      beside: true,
      cell: (m) => (
        <span className="inline-flex flex-wrap justify-end gap-1.5">
          <button type="button" className={btn.row} onClick={() => setMuting({ userId: m.id, name: m.name, scope: "global", mutedUntil: m.mutedUntil })} data-testid="admin-member-mute">
            {isMutedAt(m.mutedUntil, now) ? tr("muting.change") : tr("muting.mute")}
          </button>
          {isMutedAt(m.mutedUntil, now) && (
            <button type="button" className={btn.row} onClick={() => void liftNow({ userId: m.id, name: m.name, scope: "global" })} data-testid="admin-member-lift">
              {tr("mute.lift")}
            </button>
          )}
          {!!m.bannedAt && (
            <button type="button" className={btn.row} onClick={() => void unban(m)} data-testid="admin-member-unban">
              {tr("reports.act.unban")}
            </button>
          )}
        </span>
      ),
    },
  ];

  const target: MuteTarget | null = muting
    ? { name: muting.name, scope: muting.scope === "global" ? tr("mute.scopeGlobal") : tr("mute.scopeRoom", { room: muting.groupName }), mutedUntil: muting.mutedUntil }
    : null;
  const mutesSearch = mutes.params.search.trim();
  const membersSearch = members.params.search.trim();

  return (
    <>
      <PageHeader title={tr("nav.muting")} subtitle={tr("muting.subtitle")} />
      <div className="space-y-6">
        <Panel testId="admin-mutes">
          <div className="px-4 pt-4">
            <h2 className="text-base font-semibold text-slate-900">{tr("muting.current")}</h2>
          </div>
          <Toolbar>
            <SearchField label={tr("muting.searchMutes")} value={mutes.params.search} onChange={(v) => mutesQuery.setSearch(v)} testId="admin-mutes-search" />
            <SegmentedFilter<ScopeFilter>
              label={tr("muting.col.where")}
              value={mutes.params.filter}
              onChange={(v) => mutesQuery.setFilter(v)}
              options={[
                { value: "all", label: tr("muting.filter.all") },
                { value: "global", label: tr("muting.everywhere") },
                { value: "room", label: tr("muting.filter.room") },
              ]}
              testId="admin-mutes-scope"
            />
          </Toolbar>
          <DataTable
            caption={tr("muting.current")}
            columns={muteColumns}
            rows={mutes.rows.filter((m) => m.mutedUntil > now)}
            rowKey={(m) => `${m.scope}:${m.groupId ?? ""}:${m.userId}`}
            rowTestId="admin-mute"
            rowProps={(m) => ({ "data-user-id": m.userId, "data-scope": m.scope })}
            testId="admin-mutes-table"
            loading={mutes.loading}
            refreshing={mutes.refreshing}
            error={mutes.error}
            onRetry={() => void mutesQuery.refresh()}
            empty={{ title: mutesSearch ? tr("muting.noMutesFound", { query: mutesSearch }) : tr("muting.noMutes") }}
          />
          <Pager page={mutes.params.page} pageSize={mutes.pageSize} total={mutes.total} onPage={(n) => mutesQuery.setPage(n)} testId="admin-mutes-pager" />
        </Panel>

        <Panel testId="admin-members">
          <div className="px-4 pt-4">
            <h2 className="text-base font-semibold text-slate-900">{tr("muting.members")}</h2>
            <p className="pb-1 text-sm text-slate-500">{tr("muting.membersHint")}</p>
          </div>
          <Toolbar>
            <SearchField label={tr("muting.searchMembers")} value={members.params.search} onChange={(v) => membersQuery.setSearch(v)} onSubmit={() => membersQuery.submitSearch()} testId="admin-members-search" />
          </Toolbar>
          <DataTable
            caption={tr("muting.members")}
            columns={memberColumns}
            rows={members.rows}
            rowKey={(m) => m.id}
            rowTestId="admin-member"
            rowProps={(m) => ({ "data-user-id": m.id })}
            testId="admin-members-table"
            loading={members.loading}
            refreshing={members.refreshing}
            error={members.error}
            onRetry={() => void membersQuery.refresh()}
            empty={{ title: membersSearch ? tr("muting.noMembersFound", { query: membersSearch }) : tr("muting.noMembers") }}
          />
          <Pager page={members.params.page} pageSize={members.pageSize} total={members.total} onPage={(n) => membersQuery.setPage(n)} testId="admin-members-pager" />
        </Panel>
      </div>

      {muting && (
        <MuteDialog
          key={`${muting.scope}:${muting.userId}`}
          open
          target={target}
          onMute={fromDialog}
          onLift={isMutedAt(muting.mutedUntil, now) ? () => fromDialog(0) : undefined}
          onClose={() => setMuting(null)}
        />
      )}
    </>
  );
}

function Person({ id, name, src, sub }: { id: string; name: string; src?: string; sub?: string }) {
  return (
    <span className="flex items-center gap-2.5">
      <Avatar id={id} name={name} src={src} />
      <span className="min-w-0">
        <span className="block truncate font-medium text-slate-900" data-testid="admin-person-name">
          {name}
        </span>
        {sub && <span className="block truncate text-xs text-slate-500">{sub}</span>}
      </span>
    </span>
  );
}
