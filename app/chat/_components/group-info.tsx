"use client";
// A group's details on demand (a side panel on a desktop, a page on a phone), in /chat and the
// console: its ID, members with their levels, group nicknames and who is online (live: event
// 24, and every notice refreshes it), my settings here (group nickname, do-not-disturb, pin),
// and — where the server's `can` says so — the permissions form, mute everyone, inviting,
// and per member: make / remove admin, hand ownership over, mute for a while, remove. Leave
// and dissolve are asked first. Nothing here decides who may do what: it shows `can`.
import { useEffect, useMemo, useState } from "react";
import { formatTime } from "../../_components/chat/format";
import { ListError, ListSkeleton } from "../../_components/list-states";
import { memberName, type GroupEnd, type GroupInfoState, type GroupRow, type GroupState } from "../../_lib/group-state";
import { t, type UiLocale, type UiKey } from "../../_lib/i18n";
import type { TGroupInfo, TGroupMember } from "../../_lib/member-api";
import { errorText } from "../../_lib/trpc";
import { Avatar } from "./avatar";
import { END_TEXT } from "./group-chat";
import { ChevronIcon } from "./icons";
import { ConfirmDialog, ConversationSwitches, Dialog, InfoPanelHeader, PeoplePicker, SearchField, Switch, TextSetting, toggled, type Person } from "./ui";

const LEVEL_KEY: Record<number, UiKey> = { 3: "group.level.3", 2: "group.level.2", 1: "group.level.1" };

/** how long a mute lasts, as offered (the server takes any duration) */
export const MUTE_CHOICES: { ms: number; key: UiKey; id: string }[] = [
  { ms: 10 * 60_000, key: "group.mute.10m", id: "10m" },
  { ms: 60 * 60_000, key: "group.mute.1h", id: "1h" },
  { ms: 24 * 60 * 60_000, key: "group.mute.1d", id: "1d" },
  { ms: 7 * 24 * 60 * 60_000, key: "group.mute.7d", id: "7d" },
];

const primary =
  "shrink-0 rounded-lg bg-indigo-600 px-3 py-2 text-sm font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:opacity-50";
const subtle =
  "rounded-lg px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 outline-none hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50";

export function GroupInfoPanel(p: {
  locale: UiLocale;
  myId: string;
  roomId: string;
  row: GroupRow | undefined;
  state: GroupInfoState | undefined;
  ended: GroupEnd | undefined;
  groups: GroupState;
  /** who I may invite (my friends; in the console, my colleagues) — the server checks again */
  candidates: Person[];
  /** the invite button's words ("Invite friends"; the console: "Invite colleagues") */
  inviteLabel?: string;
  /** what the invite dialog says when nobody is left to invite */
  inviteEmpty?: string;
  /** the candidates are still being fetched */
  candidatesLoading?: boolean;
  /** the server's clock */
  serverNow(): number;
  onClose(): void;
  /** I left or dissolved it: the words for a toast */
  onGone(text: string): void;
  now: number;
}) {
  const { locale, myId, roomId, groups } = p;
  const info = p.state?.info ?? null;

  return (
    <aside aria-label={t(locale, "group.info")} data-testid="group-info" className="flex h-full min-h-0 flex-col bg-white">
      <InfoPanelHeader locale={locale} title={t(locale, "group.info")} subject={roomId} onClose={p.onClose} />
      <div className="min-h-0 flex-1 overflow-y-auto">
        {p.ended ? (
          <p className="px-6 py-10 text-center text-sm text-slate-600">{t(locale, END_TEXT[p.ended.reason])}</p>
        ) : !info && p.state?.error ? (
          <ListError message={p.state.error} retryLabel={t(locale, "chat.tryAgain")} onRetry={() => void groups.loadInfo(roomId)} />
        ) : !info ? (
          <div className="py-4">
            <ListSkeleton rows={5} label={t(locale, "chat.loading")} />
          </div>
        ) : (
          <InfoBody {...p} info={info} />
        )}
      </div>
    </aside>
  );
}

function InfoBody(p: Parameters<typeof GroupInfoPanel>[0] & { info: TGroupInfo }) {
  const { locale, myId, roomId, groups, info } = p;
  const can = info.can;
  const me = info.users.find((u) => u.id === myId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<"leave" | "dissolve" | null>(null);
  const [member, setMember] = useState<TGroupMember | null>(null);
  const [inviting, setInviting] = useState(false);

  const run = async (what: string, fn: () => Promise<unknown>) => {
    setError(null);
    setBusy(what);
    try {
      await fn();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setBusy(null);
    }
  };

  // a member's sheet follows what the server now says about them (a new level, a mute)
  const memberNow = member ? (info.users.find((u) => u.id === member.id) ?? member) : null;

  return (
    <>
      <div className="flex flex-col items-center gap-1.5 px-6 pt-6 pb-4 text-center">
        <Avatar id={`g${roomId}`} name={info.name} src={info.avatar} size="lg" label={t(locale, "chat.photoOf", { name: info.name })} />
        <h2 className="mt-1 text-lg font-semibold break-words" data-testid="group-info-name">
          {info.name}
        </h2>
        <p className="text-sm text-slate-500">
          {t(locale, "group.markId")}: <span data-testid="group-markid" className="font-mono text-slate-700 select-all">{info.markId}</span>
        </p>
        <p className="text-xs text-slate-500">
          <span data-testid="group-member-count">{t(locale, "group.members", { count: String(info.memberNumber) })}</span>
          {" · "}
          <span data-testid="group-online-count">{t(locale, "group.online", { count: String(info.onlineNumber) })}</span>
        </p>
      </div>

      {error && (
        <p role="alert" data-testid="group-info-error" className="mx-5 mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
          {error}
        </p>
      )}

      <TextSetting
        locale={locale}
        label={t(locale, "group.myNickname")}
        hint={t(locale, "group.myNicknameHint")}
        current={me?.roomNickname ?? ""}
        placeholder={me?.nickname ?? ""}
        maxLength={32}
        testId="group-nickname"
        onSave={(n) => run("nick", () => groups.setNickname(roomId, n))}
      />

      <ConversationSwitches
        locale={locale}
        testIdPrefix="group"
        pinLabel={t(locale, "group.pin")}
        isMuted={info.noDisturbing === 1}
        isPinned={info.onTop === 1}
        busy={busy}
        onMute={(on) => void run("dnd", () => groups.setMuted(roomId, on))}
        onPin={(on) => void run("pin", () => groups.setPinned(roomId, on))}
      />

      {(can.setPermission || can.muteAll) && (
        <section aria-labelledby={`manage-${roomId}`} className="border-t border-slate-100">
          <h3 id={`manage-${roomId}`} className="px-5 pt-4 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            {t(locale, "group.manage")}
          </h3>
          {can.setPermission && (
            <>
              <Switch
                label={t(locale, "group.canAddFriend")}
                checked={info.canAddFriend === 1}
                disabled={busy === "perm"}
                testId="group-can-add-friend"
                onChange={(on) => void run("perm", () => groups.setPermission(roomId, { canAddFriend: on ? 1 : 2 }))}
              />
              <fieldset className="px-5 pt-1 pb-3" data-testid="group-join-permission">
                <legend className="mb-1.5 text-sm text-slate-800">{t(locale, "group.joinPermission")}</legend>
                {([1, 2, 3] as const).map((v) => (
                  <label key={v} className="flex cursor-pointer items-center gap-2.5 py-1 text-sm text-slate-700">
                    <input
                      type="radio"
                      name={`join-${roomId}`}
                      value={v}
                      checked={info.joinPermission === v}
                      disabled={busy === "perm"}
                      data-testid={`group-join-${v}`}
                      onChange={() => void run("perm", () => groups.setPermission(roomId, { joinPermission: v }))}
                      className="h-4 w-4 accent-indigo-600"
                    />
                    {t(locale, `group.join.${v}` as UiKey)}
                  </label>
                ))}
              </fieldset>
            </>
          )}
          {can.muteAll && (
            <Switch
              label={t(locale, "group.muteAll")}
              hint={t(locale, "group.muteAllHint")}
              checked={info.mutedAll === 1}
              disabled={busy === "muteAll"}
              testId="group-mute-all"
              onChange={(on) => void run("muteAll", () => groups.muteAll(roomId, on))}
            />
          )}
        </section>
      )}

      <Members
        locale={locale}
        myId={myId}
        roomId={roomId}
        info={info}
        groups={groups}
        serverNow={p.serverNow}
        onInvite={can.invite ? () => setInviting(true) : null}
        inviteLabel={p.inviteLabel ?? t(locale, "group.invite")}
        onPick={setMember}
      />

      {(can.leave || can.dissolve) && (
        <div className="space-y-2 border-t border-slate-100 px-5 py-4">
          {can.leave && (
            <button type="button" data-testid="group-leave" onClick={() => setConfirm("leave")} className="w-full rounded-lg px-3 py-2 text-sm font-medium text-red-700 ring-1 ring-red-200 outline-none hover:bg-red-50 focus-visible:ring-2 focus-visible:ring-red-400">
              {t(locale, "group.leave")}
            </button>
          )}
          {can.dissolve && (
            <button type="button" data-testid="group-dissolve" onClick={() => setConfirm("dissolve")} className="w-full rounded-lg bg-red-600 px-3 py-2 text-sm font-medium text-white outline-none hover:bg-red-700 focus-visible:ring-2 focus-visible:ring-red-400 focus-visible:ring-offset-2">
              {t(locale, "group.dissolve")}
            </button>
          )}
        </div>
      )}

      {confirm && (
        <ConfirmDialog
          locale={locale}
          text={t(locale, confirm === "leave" ? "group.confirmLeave" : "group.confirmDissolve", { group: info.name })}
          confirmLabel={t(locale, confirm === "leave" ? "group.leaveButton" : "group.dissolveButton")}
          busy={busy === confirm}
          onCancel={() => setConfirm(null)}
          onConfirm={async () => {
            const what = confirm;
            const ok = await run(what, () => (what === "leave" ? groups.leave(roomId) : groups.dissolve(roomId)));
            setConfirm(null);
            if (ok) p.onGone(t(locale, what === "leave" ? "group.left" : "group.toast.dissolved", { group: info.name }));
          }}
        />
      )}

      {memberNow && <MemberDialog locale={locale} info={info} member={memberNow} groups={groups} serverNow={p.serverNow} onClose={() => setMember(null)} />}

      {inviting && (
        <InviteDialog
          locale={locale}
          title={p.inviteLabel ?? t(locale, "group.invite")}
          emptyText={p.inviteEmpty ?? t(locale, "group.inviteNone")}
          loading={!!p.candidatesLoading}
          info={info}
          groups={groups}
          candidates={p.candidates}
          onClose={() => setInviting(false)}
        />
      )}
    </>
  );
}

/** may I do anything to this member? (what `can` says, never on myself) */
function actionsFor(info: TGroupInfo, m: TGroupMember, myId: string) {
  const self = m.id === myId;
  return {
    level: !self && info.can.setLevel && m.memberLevel !== 3,
    mute: !self && info.can.mute.includes(m.memberLevel),
    kick: !self && info.can.kick.includes(m.memberLevel),
  };
}

function Members(p: {
  locale: UiLocale;
  myId: string;
  roomId: string;
  info: TGroupInfo;
  groups: GroupState;
  serverNow(): number;
  onInvite: (() => void) | null;
  inviteLabel: string;
  onPick(m: TGroupMember): void;
}) {
  const { locale, info, myId } = p;
  const [q, setQ] = useState("");
  const [found, setFound] = useState<TGroupMember[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);
  const needle = q.trim();
  // every member is here (up to 500): filter them; beyond that, ask the server
  const complete = info.users.length >= info.memberNumber;
  useEffect(() => {
    if (complete || !needle) {
      setFound(null);
      return;
    }
    let cancelled = false;
    setSearching(true);
    const id = setTimeout(() => {
      p.groups
        .searchMembers(p.roomId, needle)
        .then((r) => !cancelled && (setFound(r), setSearchError(null)))
        .catch((err) => !cancelled && setSearchError(errorText(err)))
        .finally(() => !cancelled && setSearching(false));
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(id);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [needle, complete, p.roomId]);

  const shown = useMemo(() => {
    if (!needle) return info.users;
    if (!complete) return found ?? [];
    const n = needle.toLowerCase();
    return info.users.filter((u) => u.nickname.toLowerCase().includes(n) || u.roomNickname.toLowerCase().includes(n));
  }, [info.users, needle, complete, found]);
  const now = p.serverNow();

  return (
    <section aria-labelledby={`members-${p.roomId}`} className="border-t border-slate-100 pt-4">
      <div className="flex items-center gap-2 px-5">
        <h3 id={`members-${p.roomId}`} className="min-w-0 flex-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          {t(locale, "group.membersTitle")} ({info.memberNumber})
        </h3>
        {p.onInvite && (
          <button type="button" data-testid="group-invite" onClick={p.onInvite} className="rounded-lg px-2.5 py-1 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500">
            {p.inviteLabel}
          </button>
        )}
      </div>
      <div className="px-4 pt-2 pb-1">
        <SearchField
          label={t(locale, "group.searchMembers")}
          value={q}
          onChange={setQ}
          onKeyDown={(e) => e.key === "Escape" && q && (e.stopPropagation(), setQ(""))}
          maxLength={32}
          testId="group-member-search"
        />
      </div>
      {searchError ? (
        <p role="alert" className="px-5 py-4 text-sm text-red-700">
          {searchError}
        </p>
      ) : needle && !complete && searching && !found ? (
        <p role="status" className="px-5 py-4 text-center text-sm text-slate-500">
          {t(locale, "chat.loading")}
        </p>
      ) : shown.length === 0 ? (
        <p className="px-5 py-4 text-center text-sm text-slate-500">{t(locale, "group.noMemberMatch", { q: needle })}</p>
      ) : (
        <ul className="px-2 pb-2" data-testid="group-members">
          {shown.map((u) => {
            const a = actionsFor(info, u, myId);
            const actionable = a.level || a.mute || a.kick;
            const name = memberName(u);
            const muted = u.mutedUntil > now;
            const body = (
              <>
                <span className="relative shrink-0">
                  <Avatar id={u.id} name={name} src={u.avatar} size="sm" />
                  {u.online && <span role="img" aria-label={t(locale, "group.isOnline")} title={t(locale, "group.isOnline")} className="absolute right-0 bottom-0 h-2.5 w-2.5 rounded-full bg-emerald-500 ring-2 ring-white" />}
                </span>
                <span className="min-w-0 flex-1">
                  <span className="flex items-center gap-1.5">
                    <span data-testid="group-member-name" className="truncate text-sm font-medium text-slate-900">
                      {name}
                    </span>
                    {u.id === myId && <span className="shrink-0 text-xs text-slate-500">({t(locale, "group.meTag")})</span>}
                  </span>
                  {(u.roomNickname.trim() && u.roomNickname.trim() !== u.nickname) || muted ? (
                    <span className="block truncate text-xs text-slate-500">
                      {u.roomNickname.trim() && u.roomNickname.trim() !== u.nickname ? u.nickname : ""}
                      {u.roomNickname.trim() && u.roomNickname.trim() !== u.nickname && muted ? " · " : ""}
                      {muted && <span className="text-amber-700" data-testid="group-member-muted">{t(locale, "group.mutedTag", { time: formatTime(u.mutedUntil - now + Date.now(), locale) })}</span>}
                    </span>
                  ) : null}
                </span>
                {u.memberLevel > 1 && (
                  <span
                    data-testid="group-member-level"
                    className={`shrink-0 rounded-full px-2 py-0.5 text-[11px] font-semibold ${u.memberLevel === 3 ? "bg-amber-100 text-amber-800" : "bg-indigo-100 text-indigo-800"}`}
                  >
                    {t(locale, LEVEL_KEY[u.memberLevel])}
                  </span>
                )}
                {actionable && <ChevronIcon className="h-4 w-4 shrink-0 text-slate-400" />}
              </>
            );
            return (
              <li key={u.id} data-testid="group-member" data-member-id={u.id} data-level={u.memberLevel} data-online={u.online ? "true" : "false"}>
                {actionable ? (
                  <button
                    type="button"
                    onClick={() => p.onPick(u)}
                    aria-label={t(locale, "group.memberMenu", { name })}
                    className="flex w-full items-center gap-3 rounded-xl px-3 py-2 text-left outline-none hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset"
                  >
                    {body}
                  </button>
                ) : (
                  <div className="flex items-center gap-3 px-3 py-2">{body}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function MemberDialog(p: { locale: UiLocale; info: TGroupInfo; member: TGroupMember; groups: GroupState; serverNow(): number; onClose(): void }) {
  const { locale, info, member: m, groups } = p;
  const a = actionsFor(info, m, "");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<"owner" | "kick" | null>(null);
  const name = memberName(m);
  const muted = m.mutedUntil > p.serverNow();

  const run = async (what: string, fn: () => Promise<unknown>, close = false) => {
    setBusy(what);
    setError(null);
    try {
      await fn();
      if (close) p.onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const item =
    "flex w-full items-center rounded-lg px-3 py-2.5 text-left text-sm font-medium outline-none hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50";

  return (
    <Dialog locale={locale} title={name} testId="group-member-dialog" onClose={p.onClose}>
      <div className="flex items-center gap-3 px-5 py-4">
        <Avatar id={m.id} name={name} src={m.avatar} />
        <div className="min-w-0">
          <p className="truncate font-semibold">{name}</p>
          <p className="text-xs text-slate-500">
            {t(locale, LEVEL_KEY[m.memberLevel])}
            {muted ? ` · ${t(locale, "group.mutedTag", { time: formatTime(m.mutedUntil - p.serverNow() + Date.now(), locale) })}` : ""}
          </p>
        </div>
      </div>
      {error && (
        <p role="alert" data-testid="group-member-error" className="mx-5 mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
          {error}
        </p>
      )}
      {asking ? (
        <div className="px-5 pb-5">
          <p className="text-[15px] text-slate-800">{asking === "owner" ? t(locale, "group.confirmOwner", { group: info.name, name }) : t(locale, "group.confirmKick", { group: info.name, name })}</p>
          <div className="mt-4 flex justify-end gap-2">
            <button type="button" data-autofocus onClick={() => setAsking(null)} className={subtle}>
              {t(locale, "chat.cancel")}
            </button>
            <button
              type="button"
              data-testid="group-member-confirm"
              disabled={!!busy}
              onClick={() => void run(asking, () => (asking === "owner" ? groups.setLevel(info.id, m.id, 3) : groups.kick(info.id, m.id)), true)}
              className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white outline-none hover:bg-red-700 focus-visible:ring-2 focus-visible:ring-red-400 focus-visible:ring-offset-2 disabled:opacity-60"
            >
              {asking === "owner" ? t(locale, "group.handOver") : t(locale, "group.kickButton")}
            </button>
          </div>
        </div>
      ) : (
        <div className="space-y-1 px-2 pb-4">
          {a.level && m.memberLevel === 1 && (
            <button type="button" data-testid="group-make-admin" disabled={!!busy} onClick={() => void run("level", () => groups.setLevel(info.id, m.id, 2))} className={`${item} text-slate-800`}>
              {t(locale, "group.makeAdmin")}
            </button>
          )}
          {a.level && m.memberLevel === 2 && (
            <button type="button" data-testid="group-remove-admin" disabled={!!busy} onClick={() => void run("level", () => groups.setLevel(info.id, m.id, 1))} className={`${item} text-slate-800`}>
              {t(locale, "group.removeAdmin")}
            </button>
          )}
          {a.level && (
            <button type="button" data-testid="group-make-owner" disabled={!!busy} onClick={() => setAsking("owner")} className={`${item} text-slate-800`}>
              {t(locale, "group.makeOwner")}
            </button>
          )}
          {a.mute && (
            <div className="px-3 py-2">
              <p className="mb-2 text-sm font-medium text-slate-800">{t(locale, "group.muteFor")}</p>
              <div className="flex flex-wrap gap-2">
                {MUTE_CHOICES.map((c) => (
                  <button key={c.id} type="button" data-testid={`group-mute-${c.id}`} disabled={!!busy} onClick={() => void run("mute", () => groups.mute(info.id, m.id, c.ms))} className={subtle}>
                    {t(locale, c.key)}
                  </button>
                ))}
                {muted && (
                  <button type="button" data-testid="group-unmute" disabled={!!busy} onClick={() => void run("mute", () => groups.mute(info.id, m.id, 0))} className={`${subtle} text-indigo-700 ring-indigo-200`}>
                    {t(locale, "group.unmute")}
                  </button>
                )}
              </div>
            </div>
          )}
          {a.kick && (
            <button type="button" data-testid="group-kick" disabled={!!busy} onClick={() => setAsking("kick")} className={`${item} text-red-700 hover:bg-red-50`}>
              {t(locale, "group.kick")}
            </button>
          )}
        </div>
      )}
    </Dialog>
  );
}

function InviteDialog(p: { locale: UiLocale; title: string; emptyText: string; loading: boolean; info: TGroupInfo; groups: GroupState; candidates: Person[]; onClose(): void }) {
  const { locale, info } = p;
  const inGroup = useMemo(() => new Set(info.users.map((u) => u.id)), [info.users]);
  const people = useMemo(() => p.candidates.filter((c) => !inGroup.has(c.id)), [p.candidates, inGroup]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ joined: string[]; pending: string[] } | null>(null);
  const nameOf = (id: string) => p.candidates.find((c) => c.id === id)?.name ?? id;
  const list = (ids: string[]) => new Intl.ListFormat(locale, { type: "conjunction" }).format(ids.map(nameOf));

  const invite = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await p.groups.invite(info.id, [...selected]));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      locale={locale}
      title={p.title}
      testId="group-invite-dialog"
      onClose={p.onClose}
      footer={
        result ? (
          <button type="button" data-testid="group-invite-done" onClick={p.onClose} className={`${primary} w-full`}>
            {t(locale, "group.done")}
          </button>
        ) : (
          <div className="flex items-center gap-3">
            <span className="flex-1 text-sm text-slate-500">{t(locale, "group.create.selected", { count: String(selected.size) })}</span>
            <button type="button" data-testid="group-invite-submit" disabled={busy || selected.size === 0} onClick={() => void invite()} className={primary}>
              {t(locale, "group.inviteSubmit")}
            </button>
          </div>
        )
      }
    >
      {error && (
        <p role="alert" className="mx-5 mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
          {error}
        </p>
      )}
      {result ? (
        <div role="status" data-testid="group-invite-result" className="space-y-2 px-5 py-5 text-sm text-slate-700">
          {result.joined.length > 0 && <p>{t(locale, "group.inviteJoined", { names: list(result.joined) })}</p>}
          {result.pending.length > 0 && <p>{t(locale, "group.invitePending", { names: list(result.pending) })}</p>}
        </div>
      ) : p.loading && people.length === 0 ? (
        <ListSkeleton rows={3} label={t(locale, "chat.loading")} />
      ) : (
        <PeoplePicker
          locale={locale}
          people={people}
          selected={selected}
          testId="group-invite-picker"
          emptyText={p.emptyText}
          onToggle={(id) => setSelected((s) => toggled(s, id))}
        />
      )}
    </Dialog>
  );
}
