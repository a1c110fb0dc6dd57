"use client";
// /admin/rooms: the public chat rooms. A list by status (open, closed, every room with the
// deleted ones) and name, with how many are in each room now — asked again every few seconds:
// event 24 reaches only sockets that joined a room, and an admin joining every room to hear it
// would count as someone in each of them. Create (name, picture), edit, open / close / delete
// (closing and deleting are confirmed first), and who is in a room.
import { useState } from "react";
import type { RoomStatusFilter, TRoom } from "../../_lib/admin-api";
import { formatDateTime, formatRelative } from "../../_lib/format";
import { pageLocally } from "../../_lib/list-query";
import { useAdmin } from "../admin-context";
import { Avatar } from "../ui/avatar";
import { btn } from "../ui/buttons";
import { DataTable, Pager, type Column } from "../ui/data-table";
import { ConfirmDialog } from "../ui/dialog";
import { SearchField, SegmentedFilter, Toolbar } from "../ui/list-controls";
import { PageHeader, Panel } from "../ui/page-header";
import { useText } from "../ui/use-text";
import { useListQuery, useNow, usePolling } from "../use-list";
import { RoomFormDialog } from "./room-form-dialog";
import { RoomPeopleSheet } from "./room-people";

/** how often the list (and its online numbers) is asked again */
export const ROOMS_POLL_MS = 5_000;

type Pending = { kind: "close" | "delete"; room: TRoom } | null;
/** chatRoom.setStatus type */
const STATUS_TYPE = { open: 0, close: 1, delete: 2 } as const;

export function RoomsPage() {
  const [tr, locale, count] = useText();
  const { api, fail, toasts } = useAdmin();
  const now = useNow(5_000);
  const [query, snap] = useListQuery<TRoom, RoomStatusFilter>({
    initialFilter: 1,
    fetch: async ({ search, filter, page }, size) => {
      const r = await api.chatRoom.list.query({ groupStatus: filter, groupName: search.trim() || undefined });
      return pageLocally(r.groups, page, size);
    },
    errorText: fail,
  });
  usePolling(() => void query.refresh(), ROOMS_POLL_MS);

  const [form, setForm] = useState<{ room: TRoom | null } | null>(null);
  const [people, setPeople] = useState<TRoom | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);

  async function setStatus(room: TRoom, what: keyof typeof STATUS_TYPE) {
    setBusy(true);
    try {
      await api.chatRoom.setStatus.mutate({ groupId: room.groupId, type: STATUS_TYPE[what] });
      toasts.success(tr(what === "open" ? "rooms.opened" : what === "close" ? "rooms.closed" : "rooms.deleted", { name: room.groupName }));
      setPending(null);
      void query.refresh();
    } catch (err) {
      toasts.error(fail(err));
    } finally {
      setBusy(false);
    }
  }

  const statusWord = (s: number) => tr(s === 1 ? "rooms.status.open" : s === 2 ? "rooms.status.closed" : "rooms.status.deleted");
  const columns: Column<TRoom>[] = [
    {
      key: "room",
      header: tr("rooms.col.room"),
      primary: true,
      cell: (r) => (
        <span className="flex items-center gap-3">
          <Avatar id={r.groupId} name={r.groupName} src={r.avatar} size="md" square />
          <span className="min-w-0">
            <span className="block truncate font-medium text-slate-900" data-testid="admin-room-name">
              {r.groupName}
            </span>
            <span className="block text-xs text-slate-500">{tr("rooms.id", { id: r.groupId })}</span>
          </span>
        </span>
      ),
    },
    { key: "status", header: tr("rooms.col.status"), cell: (r) => <StatusBadge status={r.status} label={statusWord(r.status)} /> },
    {
      key: "online",
      header: tr("rooms.col.online"),
      cell: (r) => (
        <span className="tabular-nums">
          <span className="font-semibold text-slate-900" data-testid="admin-room-online">
            {r.totalNumber.toLocaleString(locale)}
          </span>{" "}
          <span className="text-xs text-slate-500">{tr("rooms.onlineSplit", { members: count("count.members", r.userNumber), guests: count("count.guests", r.visitorNumber) })}</span>
        </span>
      ),
    },
    {
      key: "created",
      header: tr("rooms.col.created"),
      cell: (r) => (
        <time dateTime={new Date(r.createTime).toISOString()} title={formatDateTime(r.createTime, locale)} className="whitespace-nowrap text-slate-600">
          {formatRelative(r.createTime, now, locale)}
        </time>
      ),
    },
    {
      key: "actions",
      header: tr("common.actions"),
      actions: true,
      cell: (r) => (
        // a deleted room stays deleted (the server refuses every change): nothing to do but read
        r.status === 3 ? null : (
          <span className="inline-flex flex-wrap gap-1.5 sm:justify-end">
            <button type="button" className={btn.row} onClick={() => setPeople(r)} data-testid="admin-room-people-open">
              {tr("rooms.people")}
            </button>
            <button type="button" className={btn.row} onClick={() => setForm({ room: r })} data-testid="admin-room-edit-open">
              {tr("rooms.edit")}
            </button>
            {r.status === 1 ? (
              <button type="button" className={btn.row} onClick={() => setPending({ kind: "close", room: r })} data-testid="admin-room-close">
                {tr("rooms.close")}
              </button>
            ) : (
              <button type="button" className={btn.row} disabled={busy} onClick={() => void setStatus(r, "open")} data-testid="admin-room-open">
                {tr("rooms.open")}
              </button>
            )}
            <button type="button" className={btn.rowDanger} onClick={() => setPending({ kind: "delete", room: r })} data-testid="admin-room-delete">
              {tr("rooms.delete")}
            </button>
          </span>
        )
      ),
    },
  ];

  const search = snap.params.search.trim();
  return (
    <>
      <PageHeader
        title={tr("nav.rooms")}
        subtitle={tr("rooms.subtitle")}
        actions={
          <button type="button" className={btn.primary} onClick={() => setForm({ room: null })} data-testid="admin-room-new">
            {tr("rooms.new")}
          </button>
        }
      />
      <Panel testId="admin-rooms">
        <Toolbar>
          <SearchField label={tr("rooms.search")} value={snap.params.search} onChange={(v) => query.setSearch(v)} onSubmit={() => query.submitSearch()} testId="admin-rooms-search" />
          <SegmentedFilter<RoomStatusFilter>
            label={tr("rooms.col.status")}
            value={snap.params.filter}
            onChange={(v) => query.setFilter(v)}
            options={[
              { value: 1, label: tr("rooms.filter.open") },
              { value: 2, label: tr("rooms.filter.closed") },
              { value: 3, label: tr("rooms.filter.all") },
            ]}
            testId="admin-rooms-status"
          />
          <p className="flex items-center gap-1.5 text-xs text-slate-500 sm:ml-auto" data-testid="admin-rooms-live" title={snap.loadedAt ? formatDateTime(snap.loadedAt, locale) : undefined}>
            <span aria-hidden className={`h-2 w-2 rounded-full ${snap.error ? "bg-amber-500" : "bg-emerald-500"}`} />
            {tr("rooms.live", { s: ROOMS_POLL_MS / 1000 })}
          </p>
        </Toolbar>
        <DataTable
          caption={tr("nav.rooms")}
          columns={columns}
          rows={snap.rows}
          rowKey={(r) => r.groupId}
          rowTestId="admin-room"
          rowProps={(r) => ({ "data-status": String(r.status), "data-room-id": r.groupId })}
          testId="admin-rooms-table"
          loading={snap.loading}
          refreshing={snap.refreshing}
          error={snap.error}
          onRetry={() => void query.refresh()}
          empty={
            search
              ? { title: tr("rooms.noneFound", { query: search }) }
              : {
                  title: tr(snap.params.filter === 2 ? "rooms.emptyClosed" : "rooms.empty"),
                  hint: snap.params.filter === 1 ? tr("rooms.emptyHint") : undefined,
                }
          }
        />
        <Pager page={snap.params.page} pageSize={snap.pageSize} total={snap.total} onPage={(n) => query.setPage(n)} testId="admin-rooms-pager" />
      </Panel>

      {form && (
        <RoomFormDialog
          key={form.room?.groupId ?? "new"}
          open
          room={form.room}
          onClose={() => setForm(null)}
          onSaved={(name, created) => {
            setForm(null);
            toasts.success(tr(created ? "rooms.created" : "rooms.saved", { name }));
            void query.refresh();
          }}
        />
      )}
      {people && <RoomPeopleSheet room={snap.rows.find((r) => r.groupId === people.groupId) ?? people} onClose={() => setPeople(null)} />}
      <ConfirmDialog
        open={!!pending}
        title={pending ? tr(pending.kind === "close" ? "rooms.confirmClose.title" : "rooms.confirmDelete.title", { name: pending.room.groupName }) : ""}
        body={pending ? tr(pending.kind === "close" ? "rooms.confirmClose.body" : "rooms.confirmDelete.body", { count: pending.room.totalNumber }) : ""}
        confirmLabel={pending?.kind === "delete" ? tr("rooms.delete") : tr("rooms.close")}
        cancelLabel={tr("common.cancel")}
        closeLabel={tr("common.close")}
        danger={pending?.kind === "delete"}
        busy={busy}
        testId="admin-room-confirm"
        onCancel={() => setPending(null)}
        onConfirm={() => pending && void setStatus(pending.room, pending.kind)}
      />
    </>
  );
}

function StatusBadge({ status, label }: { status: number; label: string }) {
  const look = status === 1 ? "bg-emerald-50 text-emerald-700 ring-emerald-200" : status === 2 ? "bg-amber-50 text-amber-800 ring-amber-200" : "bg-slate-100 text-slate-600 ring-slate-200";
  return (
    <span data-testid="admin-room-status" className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${look}`}>
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${status === 1 ? "bg-emerald-500" : status === 2 ? "bg-amber-500" : "bg-slate-400"}`} />
      {label}
    </span>
  );
}
