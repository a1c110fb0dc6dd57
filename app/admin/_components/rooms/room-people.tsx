"use client";
// Who is in a room right now (chatRoom.userList, asked again every few seconds while open),
// searchable by name, and muting one of them in this room (chatRoom.mute): 10 min, 1 h, 1 day,
// a custom time, or lifting it.
import { useState } from "react";
import type { TRoom, TRoomUser } from "../../_lib/admin-api";
import { isMutedAt } from "../../_lib/durations";
import { formatDateTime, formatDuration, formatRemaining } from "../../_lib/format";
import { useAdmin } from "../admin-context";
import { MuteDialog } from "../mute-dialog";
import { Avatar } from "../ui/avatar";
import { btn } from "../ui/buttons";
import { DataTable, Pager, type Column } from "../ui/data-table";
import { Dialog } from "../ui/dialog";
import { SearchField, Toolbar } from "../ui/list-controls";
import { useText } from "../ui/use-text";
import { useListQuery, useNow, usePolling } from "../use-list";

/** how often the list of who is in the room is asked again while it is open */
export const PEOPLE_POLL_MS = 5_000;
const PAGE_SIZE = 20;

export function RoomPeopleSheet({ room, onClose }: { room: TRoom; onClose(): void }) {
  const [tr, locale, count] = useText();
  const { api, fail, toasts } = useAdmin();
  const now = useNow(10_000);
  const [query, snap] = useListQuery<TRoomUser, null>(
    {
      initialFilter: null,
      pageSize: PAGE_SIZE,
      fetch: async ({ search, page }, number) => {
        const r = await api.chatRoom.userList.query({ groupId: room.groupId, queryUserName: search.trim() || undefined, page, number });
        return { rows: r.userList, total: r.totalnum };
      },
      errorText: fail,
    },
    room.groupId,
  );
  usePolling(() => void query.refresh(), PEOPLE_POLL_MS);
  const [muting, setMuting] = useState<TRoomUser | null>(null);

  async function mute(u: TRoomUser, ms: number) {
    try {
      const r = await api.chatRoom.mute.mutate({ groupId: room.groupId, userId: u.id, mutedTime: ms });
      const until = r?.mutedUntil ?? (ms ? Date.now() + ms : 0);
      query.updateRows((rows) => rows.map((x) => (x.id === u.id ? { ...x, mutedUntil: until } : x)));
      toasts.success(ms ? tr("people.muted", { name: u.name, duration: formatDuration(ms, locale) }) : tr("people.unmuted", { name: u.name }));
      setMuting(null);
      void query.refresh();
    } catch (err) {
      throw new Error(fail(err));
    }
  }

  const levelWord = (l: number) => tr(l === 0 ? "people.guest" : l === 2 ? "people.agent" : "people.member");
  const columns: Column<TRoomUser>[] = [
    {
      key: "who",
      header: tr("people.person"),
      primary: true,
      cell: (u) => (
        <span className="flex items-center gap-2.5">
          <Avatar id={u.id} name={u.name} src={u.avatar} />
          <span className="min-w-0">
            <span className="block truncate font-medium text-slate-900" data-testid="admin-person-name">
              {u.name}
            </span>
            {u.userLevel !== 0 && <span className="block truncate text-xs text-slate-500">{[u.account, u.uid && tr("people.uid", { uid: u.uid })].filter(Boolean).join(" · ")}</span>}
          </span>
        </span>
      ),
    },
    { key: "kind", header: tr("people.kind"), cell: (u) => <span className="text-slate-700">{levelWord(u.userLevel)}</span> },
    {
      key: "muted",
      header: tr("people.mute"),
      cell: (u) =>
        isMutedAt(u.mutedUntil, now) ? (
          <span className="text-amber-800" data-testid="admin-person-muted" title={formatDateTime(u.mutedUntil, locale)}>
            {tr("people.mutedFor", { left: formatRemaining(u.mutedUntil, now, locale) })}
          </span>
        ) : (
          <span className="text-slate-400">—</span>
        ),
    },
    {
      key: "actions",
      header: tr("common.actions"),
      actions: true,
      beside: true,
      cell: (u) =>
        // a guest cannot write anyway (-2008): there is nothing to mute
        u.userLevel === 0 ? null : (
          <button type="button" className={btn.row} onClick={() => setMuting(u)} data-testid="admin-person-mute">
            {isMutedAt(u.mutedUntil, now) ? tr("people.changeMute") : tr("people.muteHere")}
          </button>
        ),
    },
  ];

  return (
    <>
      <Dialog
        open
        onClose={onClose}
        shape="sheet"
        title={tr("people.title", { name: room.groupName })}
        description={tr("people.counts", { total: room.totalNumber, members: count("count.members", room.userNumber), guests: count("count.guests", room.visitorNumber) })}
        closeLabel={tr("common.close")}
        testId="admin-room-people"
      >
        <Toolbar>
          <SearchField label={tr("people.search")} value={snap.params.search} onChange={(v) => query.setSearch(v)} onSubmit={() => query.submitSearch()} testId="admin-people-search" />
        </Toolbar>
        <DataTable
          caption={tr("people.title", { name: room.groupName })}
          columns={columns}
          rows={snap.rows}
          rowKey={(u) => u.id}
          rowTestId="admin-person"
          testId="admin-people-table"
          loading={snap.loading}
          refreshing={snap.refreshing}
          error={snap.error}
          onRetry={() => void query.refresh()}
          empty={{ title: snap.params.search.trim() ? tr("people.noneFound", { query: snap.params.search.trim() }) : tr("people.empty") }}
        />
        <Pager page={snap.params.page} pageSize={snap.pageSize} total={snap.total} onPage={(n) => query.setPage(n)} testId="admin-people-pager" />
      </Dialog>
      {muting && (
        <MuteDialog
          key={muting.id}
          open
          target={{ name: muting.name, scope: tr("mute.scopeRoom", { room: room.groupName }), mutedUntil: muting.mutedUntil }}
          onMute={(ms) => mute(muting, ms)}
          onLift={() => mute(muting, 0)}
          onClose={() => setMuting(null)}
        />
      )}
    </>
  );
}
