"use client";
// Requests: friend requests to me (Accept / Decline while they wait) and the ones I sent, and
// applications to join groups (type 1) — the ones to groups I run (Approve / Decline, live by
// event 23) and my own. "Add friend": find someone — or a group — by their Parley ID
// (chat33.search), say hello, send the request; a group shows Join (open) or Ask to join.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { relativeTime } from "../../_components/chat/format";
import { t, type UiLocale } from "../../_lib/i18n";
import type { TApply, TMe, TRoomSearchInfo, TUserBrief } from "../../_lib/member-api";
import { errorText } from "../../_lib/trpc";
import { applyKey, type ConversationRow, type Messenger } from "../_lib/messenger";
import { Avatar } from "./avatar";
import { AddPersonIcon, BackIcon, GroupIcon } from "./icons";
import { PanelHeader, panelBtn } from "./ui";

export function RequestsView(p: {
  locale: UiLocale;
  me: TMe;
  messenger: Messenger;
  requests: TApply[];
  loading: boolean;
  error: string | null;
  onBack(): void;
  onAdd(): void;
  onOpenChat(friendId: string): void;
  onOpenGroup(roomId: string): void;
  /** a person's name, when I know it (a friend, a member of an open group) */
  nameOf?(userId: string): string | null;
  now: number;
}) {
  const { locale, me } = p;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus({ preventScroll: true }), []);

  const answer = async (a: TApply, agree: boolean) => {
    setBusy(applyKey(a));
    setError(null);
    try {
      if (a.type === 1) await p.messenger.respondToGroup(a, agree);
      else await p.messenger.respond(a.senderInfo.id, agree);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-label={t(locale, "chat.requests")} data-testid="chat-requests" className="flex min-h-0 flex-1 flex-col bg-white">
      <PanelHeader
        title={t(locale, "chat.requests")}
        left={
          <button ref={back} type="button" onClick={p.onBack} data-testid="chat-requests-back" aria-label={t(locale, "chat.back")} title={t(locale, "chat.back")} className={panelBtn}>
            <BackIcon className="h-6 w-6" />
          </button>
        }
        right={
          <button type="button" onClick={p.onAdd} aria-label={t(locale, "chat.addFriend")} title={t(locale, "chat.addFriend")} className={panelBtn}>
            <AddPersonIcon />
          </button>
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto">
        {error && (
          <p role="alert" className="mx-4 mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
            {error}
          </p>
        )}
        {p.loading && p.requests.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500" role="status">
            {t(locale, "chat.loading")}
          </p>
        ) : p.error && p.requests.length === 0 ? (
          <p role="alert" className="p-6 text-center text-sm text-slate-600">
            {p.error}
          </p>
        ) : p.requests.length === 0 ? (
          <div className="flex flex-col items-center gap-3 px-8 py-12 text-center text-sm text-slate-500">
            <p>{t(locale, "chat.noRequests")}</p>
            <button
              type="button"
              onClick={p.onAdd}
              className="rounded-full bg-indigo-600 px-4 py-2 font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
            >
              {t(locale, "chat.addFriend")}
            </button>
          </div>
        ) : (
          <ul className="divide-y divide-slate-100">
            {p.requests.map((a) => {
              if (a.type === 1) return <GroupApplication key={applyKey(a)} a={a} locale={locale} me={me} nameOf={p.nameOf} busy={busy === applyKey(a)} onAnswer={(agree) => void answer(a, agree)} onOpenGroup={p.onOpenGroup} now={p.now} />;
              const toMe = a.receiveInfo.id === me.id;
              const other = toMe ? a.senderInfo : a.receiveInfo;
              return (
                <RequestItem
                  key={applyKey(a)}
                  a={a}
                  locale={locale}
                  isToMe={toMe}
                  face={{ id: other.id, src: other.avatar }}
                  name={other.name}
                  acceptLabel={t(locale, "chat.accept")}
                  acceptedLabel={t(locale, "chat.accepted")}
                  busy={busy === applyKey(a)}
                  onAnswer={(agree) => void answer(a, agree)}
                  onOpen={() => p.onOpenChat(other.id)}
                  now={p.now}
                >
                  {!toMe && <p className="text-xs text-slate-500">{t(locale, "chat.youAsked")}</p>}
                </RequestItem>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}

export function AddFriendView(p: {
  locale: UiLocale;
  me: TMe;
  messenger: Messenger;
  rows: ConversationRow[];
  onBack(): void;
  onOpenChat(friendId: string): void;
  onOpenGroup(roomId: string): void;
}) {
  const { locale, me } = p;
  const [markId, setMarkId] = useState("");
  const [finding, setFinding] = useState(false);
  const [found, setFound] = useState<(TUserBrief & { remark?: string; markId?: string }) | null>(null);
  const [room, setRoom] = useState<TRoomSearchInfo | null>(null);
  const [reason, setReason] = useState(() => t(locale, "chat.reasonDefault", { name: me.username }));
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const idField = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus({ preventScroll: true }), []);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    if (!markId.trim()) return;
    setFinding(true);
    setError(null);
    setFound(null);
    setRoom(null);
    setSent(false);
    try {
      const r = await p.messenger.search(markId);
      if (r.type === 1 && r.roomInfo) setRoom({ ...r.roomInfo, id: String(r.roomInfo.id) });
      else if (r.userInfo) setFound({ ...r.userInfo, id: String(r.userInfo.id) });
    } catch (err) {
      setError(errorText(err)); // -2001 "User not found." in the reader's language
    } finally {
      setFinding(false);
    }
  };

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!found) return;
    setSending(true);
    setError(null);
    try {
      await p.messenger.addFriend(found.id, reason.trim());
      setSent(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSending(false);
    }
  };

  const isMe = found?.id === me.id;
  const friendRow = found ? p.rows.find((r) => r.friend.id === found.id) : undefined;

  return (
    <section aria-label={t(locale, "chat.addTitle")} data-testid="chat-add" className="flex min-h-0 flex-1 flex-col bg-white">
      <PanelHeader
        title={t(locale, "chat.addTitle")}
        left={
          <button type="button" onClick={p.onBack} data-testid="chat-add-back" aria-label={t(locale, "chat.back")} title={t(locale, "chat.back")} className={panelBtn}>
            <BackIcon className="h-6 w-6" />
          </button>
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-4">
        <form onSubmit={find} className="space-y-2">
          <label htmlFor={idField} className="block text-sm font-medium text-slate-700">
            {t(locale, "chat.searchLabel")}
          </label>
          <div className="flex gap-2">
            <input
              ref={input}
              id={idField}
              data-testid="chat-add-markid"
              inputMode="numeric"
              autoComplete="off"
              value={markId}
              onChange={(e) => setMarkId(e.target.value)}
              className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2.5 font-mono text-base tracking-wider outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
            />
            <button
              type="submit"
              data-testid="chat-add-find"
              disabled={finding || !markId.trim()}
              className="shrink-0 rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:opacity-50"
            >
              {finding ? t(locale, "chat.finding") : t(locale, "chat.find")}
            </button>
          </div>
          <p className="text-xs text-slate-500">{t(locale, "chat.searchHint", { id: me.uid })}</p>
        </form>

        {error && (
          <p role="alert" data-testid="chat-add-error" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
            {error}
          </p>
        )}

        {room && <GroupFound key={room.id} room={room} locale={locale} me={me} messenger={p.messenger} onOpenGroup={p.onOpenGroup} />}

        {found && (
          <div data-testid="chat-add-result" className="mt-5 rounded-2xl bg-slate-50 p-4 ring-1 ring-slate-200">
            <div className="flex items-center gap-3">
              <Avatar id={found.id} name={found.name} src={found.avatar} />
              <div className="min-w-0">
                <p className="truncate font-semibold" data-testid="chat-add-result-name">
                  {found.name}
                </p>
                {found.markId && <p className="font-mono text-xs text-slate-500">{found.markId}</p>}
              </div>
            </div>
            {isMe ? (
              <p className="mt-3 text-sm text-slate-600">{t(locale, "chat.thatsYou")}</p>
            ) : friendRow ? (
              <OpenChatLine locale={locale} text={t(locale, "chat.alreadyFriend", { name: found.name })} onOpen={() => p.onOpenChat(found.id)} />
            ) : sent ? (
              <p role="status" data-testid="chat-add-sent" className="mt-3 text-sm text-emerald-700">
                {t(locale, "chat.requestSent", { name: found.name })}
              </p>
            ) : (
              <ReasonForm
                label={t(locale, "chat.reason")}
                value={reason}
                onChange={setReason}
                testId="chat-add-reason"
                submitLabel={t(locale, "chat.sendRequest")}
                submitTestId="chat-add-send"
                busy={sending}
                onSubmit={send}
              />
            )}
          </div>
        )}
      </div>
    </section>
  );
}

/** one application to join a group: to a group I run (Approve / Decline), or my own */
function GroupApplication(p: { a: TApply; locale: UiLocale; me: TMe; nameOf?(userId: string): string | null; busy: boolean; onAnswer(agree: boolean): void; onOpenGroup(roomId: string): void; now: number }) {
  const { a, locale, me } = p;
  const mine = a.senderInfo.id === me.id;
  const roomId = a.roomId ?? a.receiveInfo.id;
  const group = a.receiveInfo;
  return (
    <RequestItem
      a={a}
      locale={locale}
      isToMe={!mine}
      roomId={roomId}
      face={mine ? { id: `g${roomId}`, src: group.avatar } : { id: a.senderInfo.id, src: a.senderInfo.avatar }}
      name={mine ? group.name : a.senderInfo.name}
      acceptLabel={t(locale, "group.req.approve")}
      acceptedLabel={t(locale, mine ? "chat.accepted" : "group.req.approved")}
      busy={p.busy}
      onAnswer={p.onAnswer}
      onOpen={mine ? () => p.onOpenGroup(roomId) : null}
      now={p.now}
    >
      <p className="flex items-center gap-1 text-xs text-slate-500">
        <GroupIcon className="h-3.5 w-3.5 shrink-0" />
        <span className="min-w-0 truncate" data-testid="chat-request-group">
          {mine ? t(locale, "group.req.youAsked", { group: group.name }) : t(locale, "group.req.asks", { group: group.name })}
        </span>
      </p>
      {a.inviterId && !mine && (
        <p className="text-xs text-slate-500">
          {a.inviterId === me.id
            ? t(locale, "group.req.invitedBy", { name: t(locale, "group.youObject") })
            : p.nameOf?.(a.inviterId)
              ? t(locale, "group.req.invitedBy", { name: p.nameOf(a.inviterId)! })
              : t(locale, "group.req.invitedByMember")}
        </p>
      )}
    </RequestItem>
  );
}

/**
 * One item of Requests, a friend request's or a group application's: who, when, what they
 * said (`children` come between), and Accept / Decline while it waits for my answer — or
 * where it stands, with the chat to open once accepted (`onOpen`).
 */
function RequestItem(p: {
  a: TApply;
  locale: UiLocale;
  isToMe: boolean;
  /** a group application's group */
  roomId?: string;
  face: { id: string; src?: string | null };
  name: string;
  acceptLabel: string;
  acceptedLabel: string;
  busy: boolean;
  onAnswer(agree: boolean): void;
  onOpen: (() => void) | null;
  now: number;
  children?: ReactNode;
}) {
  const { a, locale } = p;
  return (
    <li
      data-testid="chat-request"
      data-type={a.type === 1 ? "1" : "2"}
      data-request-id={a.id}
      data-room-id={p.roomId}
      data-status={a.status}
      data-to-me={p.isToMe ? "true" : "false"}
      className="flex gap-3 px-4 py-3"
    >
      <Avatar id={p.face.id} name={p.name} src={p.face.src} />
      <div className="min-w-0 flex-1">
        <p className="flex items-baseline gap-2">
          <span className="min-w-0 flex-1 truncate font-medium text-slate-900" data-testid="chat-request-name">
            {p.name}
          </span>
          <time className="shrink-0 text-xs text-slate-500" dateTime={new Date(a.datetime).toISOString()}>
            {relativeTime(a.datetime, p.now, locale)}
          </time>
        </p>
        {p.children}
        {a.applyReason && <p className="mt-0.5 text-sm break-words text-slate-600">“{a.applyReason}”</p>}
        <div className="mt-2 flex flex-wrap items-center gap-2">
          {a.status === 1 && p.isToMe ? (
            <>
              <button
                type="button"
                data-testid="chat-request-accept"
                disabled={p.busy}
                onClick={() => p.onAnswer(true)}
                className="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:opacity-60"
              >
                {p.acceptLabel}
              </button>
              <button
                type="button"
                data-testid="chat-request-reject"
                disabled={p.busy}
                onClick={() => p.onAnswer(false)}
                className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 outline-none hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-60"
              >
                {t(locale, "chat.reject")}
              </button>
            </>
          ) : a.status === 1 ? (
            <span className="text-xs font-medium text-amber-700">{t(locale, "chat.waiting")}</span>
          ) : a.status === 3 ? (
            <>
              <span className="text-xs font-medium text-emerald-700">{p.acceptedLabel}</span>
              {p.onOpen && (
                <button
                  type="button"
                  onClick={p.onOpen}
                  className="rounded-lg px-2.5 py-1 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500"
                >
                  {t(locale, "chat.openChat")}
                </button>
              )}
            </>
          ) : (
            <span className="text-xs font-medium text-slate-500">{t(locale, "chat.rejected")}</span>
          )}
        </div>
      </div>
    </li>
  );
}

/** a group found by its Parley ID: open it (a member), join it (open), ask to join (approval) */
function GroupFound(p: { room: TRoomSearchInfo; locale: UiLocale; me: TMe; messenger: Messenger; onOpenGroup(roomId: string): void }) {
  const { room, locale } = p;
  const [reason, setReason] = useState(() => t(locale, "chat.reasonDefault", { name: p.me.username }));
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const join = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const joined = await p.messenger.applyToGroup(room.id, room.joinPermission === 1 ? reason : "");
      if (joined) p.onOpenGroup(room.id);
      else setSent(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="chat-add-group" data-room-id={room.id} className="mt-5 rounded-2xl bg-slate-50 p-4 ring-1 ring-slate-200">
      <div className="flex items-center gap-3">
        <Avatar id={`g${room.id}`} name={room.name} src={room.avatar} />
        <div className="min-w-0">
          <p className="flex items-center gap-1.5 truncate font-semibold">
            <GroupIcon className="h-4 w-4 shrink-0 text-slate-400" />
            <span className="truncate" data-testid="chat-add-group-name">
              {room.name}
            </span>
          </p>
          <p className="text-xs text-slate-500">
            <span className="font-mono">{room.markId}</span> · {t(locale, "group.members", { count: String(room.memberNumber) })}
          </p>
        </div>
      </div>
      {error && (
        <p role="alert" data-testid="chat-add-group-error" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
          {error}
        </p>
      )}
      {room.isMember ? (
        <OpenChatLine locale={locale} text={t(locale, "group.isMember")} onOpen={() => p.onOpenGroup(room.id)} />
      ) : sent ? (
        <p role="status" data-testid="chat-add-group-sent" className="mt-3 text-sm text-emerald-700">
          {t(locale, "group.applied")}
        </p>
      ) : room.joinPermission === 3 ? (
        <p className="mt-3 text-sm text-slate-600" data-testid="chat-add-group-closed">
          {t(locale, "group.closed")}
        </p>
      ) : room.joinPermission === 2 ? (
        <button
          type="button"
          data-testid="chat-add-group-join"
          disabled={busy}
          onClick={() => void join()}
          className="mt-3 w-full rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:opacity-60"
        >
          {t(locale, "group.join")}
        </button>
      ) : (
        <ReasonForm
          label={t(locale, "group.applyReason")}
          value={reason}
          onChange={setReason}
          testId="chat-add-group-reason"
          submitLabel={t(locale, "group.apply")}
          submitTestId="chat-add-group-apply"
          busy={busy}
          onSubmit={join}
          isSentByEnter
        />
      )}
    </div>
  );
}

/** "You are already friends" / "You are a member", and the chat to open */
function OpenChatLine(p: { locale: UiLocale; text: string; onOpen(): void }) {
  return (
    <div className="mt-3 flex items-center justify-between gap-2">
      <p className="text-sm text-slate-600">{p.text}</p>
      <button
        type="button"
        onClick={p.onOpen}
        className="shrink-0 rounded-lg px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        {t(p.locale, "chat.openChat")}
      </button>
    </div>
  );
}

/** a few words to go with a request (to a person, to a group) and the button that sends it; `isSentByEnter`: Enter sends, Shift+Enter is a new line */
function ReasonForm(p: {
  label: string;
  value: string;
  onChange(value: string): void;
  testId: string;
  submitLabel: string;
  submitTestId: string;
  busy: boolean;
  onSubmit(e?: FormEvent): void;
  isSentByEnter?: boolean;
}) {
  const id = useId();
  return (
    <form onSubmit={p.onSubmit} className="mt-3 space-y-2">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {p.label}
      </label>
      <textarea
        id={id}
        data-testid={p.testId}
        rows={2}
        maxLength={200}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        onKeyDown={
          p.isSentByEnter
            ? (e) => {
                if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  void p.onSubmit();
                }
              }
            : undefined
        }
        className="block w-full resize-none rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
      />
      <button
        type="submit"
        data-testid={p.submitTestId}
        disabled={p.busy}
        className="w-full rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:opacity-60"
      >
        {p.submitLabel}
      </button>
    </form>
  );
}
