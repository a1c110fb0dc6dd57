"use client";
// Friend requests: the ones to me (Accept / Decline while they wait) and the ones I sent, and
// "Add friend": find someone by their Parley ID (chat33.search), say hello, send the request.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { relativeTime } from "../../_components/chat/format";
import { t, type UiLocale } from "../../_lib/i18n";
import type { TApply, TMe, TSearchResult } from "../../_lib/member-api";
import { errorText } from "../../_lib/trpc";
import type { ConversationRow, Messenger } from "../_lib/messenger";
import { Avatar } from "./avatar";
import { AddPersonIcon, BackIcon } from "./icons";
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
  now: number;
}) {
  const { locale, me } = p;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus({ preventScroll: true }), []);

  const answer = async (a: TApply, agree: boolean) => {
    setBusy(a.id);
    setError(null);
    try {
      await p.messenger.respond(a.senderInfo.id, agree);
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
              const toMe = a.receiveInfo.id === me.id;
              const other = toMe ? a.senderInfo : a.receiveInfo;
              return (
                <li key={a.id} data-testid="chat-request" data-request-id={a.id} data-status={a.status} data-to-me={toMe ? "true" : "false"} className="flex gap-3 px-4 py-3">
                  <Avatar id={other.id} name={other.name} src={other.avatar} />
                  <div className="min-w-0 flex-1">
                    <p className="flex items-baseline gap-2">
                      <span className="min-w-0 flex-1 truncate font-medium text-slate-900" data-testid="chat-request-name">
                        {other.name}
                      </span>
                      <time className="shrink-0 text-xs text-slate-500" dateTime={new Date(a.datetime).toISOString()}>
                        {relativeTime(a.datetime, p.now, locale)}
                      </time>
                    </p>
                    {!toMe && <p className="text-xs text-slate-500">{t(locale, "chat.youAsked")}</p>}
                    {a.applyReason && <p className="mt-0.5 text-sm break-words text-slate-600">“{a.applyReason}”</p>}
                    <div className="mt-2 flex flex-wrap items-center gap-2">
                      {a.status === 1 && toMe ? (
                        <>
                          <button
                            type="button"
                            data-testid="chat-request-accept"
                            disabled={busy === a.id}
                            onClick={() => void answer(a, true)}
                            className="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:opacity-60"
                          >
                            {t(locale, "chat.accept")}
                          </button>
                          <button
                            type="button"
                            data-testid="chat-request-reject"
                            disabled={busy === a.id}
                            onClick={() => void answer(a, false)}
                            className="rounded-lg px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 outline-none hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-60"
                          >
                            {t(locale, "chat.reject")}
                          </button>
                        </>
                      ) : a.status === 1 ? (
                        <span className="text-xs font-medium text-amber-700">{t(locale, "chat.waiting")}</span>
                      ) : a.status === 3 ? (
                        <>
                          <span className="text-xs font-medium text-emerald-700">{t(locale, "chat.accepted")}</span>
                          <button
                            type="button"
                            onClick={() => p.onOpenChat(other.id)}
                            className="rounded-lg px-2.5 py-1 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500"
                          >
                            {t(locale, "chat.openChat")}
                          </button>
                        </>
                      ) : (
                        <span className="text-xs font-medium text-slate-500">{t(locale, "chat.rejected")}</span>
                      )}
                    </div>
                  </div>
                </li>
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
}) {
  const { locale, me } = p;
  const [markId, setMarkId] = useState("");
  const [finding, setFinding] = useState(false);
  const [found, setFound] = useState<TSearchResult["userInfo"] | null>(null);
  const [reason, setReason] = useState(() => t(locale, "chat.reasonDefault", { name: me.username }));
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const idField = useId();
  const reasonField = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus({ preventScroll: true }), []);

  const find = async (e: FormEvent) => {
    e.preventDefault();
    if (!markId.trim()) return;
    setFinding(true);
    setError(null);
    setFound(null);
    setSent(false);
    try {
      const r = await p.messenger.search(markId);
      setFound({ ...r.userInfo, id: String(r.userInfo.id) });
    } catch (err) {
      setError(errorText(err)); // -2001 "User not found." in the reader's language
    } finally {
      setFinding(false);
    }
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
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
    <section aria-label={t(locale, "chat.addFriend")} data-testid="chat-add" className="flex min-h-0 flex-1 flex-col bg-white">
      <PanelHeader
        title={t(locale, "chat.addFriend")}
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
              <div className="mt-3 flex items-center justify-between gap-2">
                <p className="text-sm text-slate-600">{t(locale, "chat.alreadyFriend", { name: found.name })}</p>
                <button
                  type="button"
                  onClick={() => p.onOpenChat(found.id)}
                  className="shrink-0 rounded-lg px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500"
                >
                  {t(locale, "chat.openChat")}
                </button>
              </div>
            ) : sent ? (
              <p role="status" data-testid="chat-add-sent" className="mt-3 text-sm text-emerald-700">
                {t(locale, "chat.requestSent", { name: found.name })}
              </p>
            ) : (
              <form onSubmit={send} className="mt-3 space-y-2">
                <label htmlFor={reasonField} className="block text-sm font-medium text-slate-700">
                  {t(locale, "chat.reason")}
                </label>
                <textarea
                  id={reasonField}
                  data-testid="chat-add-reason"
                  rows={2}
                  maxLength={200}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  className="block w-full resize-none rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
                />
                <button
                  type="submit"
                  data-testid="chat-add-send"
                  disabled={sending}
                  className="w-full rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:opacity-60"
                >
                  {t(locale, "chat.sendRequest")}
                </button>
              </form>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
