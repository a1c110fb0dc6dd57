"use client";
// The friend's details on demand (a side panel on a desktop, a page on a phone): Parley ID,
// my remark for them, do-not-disturb, pin, and deleting the friend (asked first).
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { t, type UiLocale } from "../../_lib/i18n";
import { errorText } from "../../_lib/trpc";
import type { ConversationRow, Messenger } from "../_lib/messenger";
import { Avatar } from "./avatar";
import { displayName } from "./conversation-list";
import { BackIcon, CloseIcon } from "./icons";
import { ConfirmDialog, PanelHeader, panelBtn, Switch } from "./ui";

export function InfoPanel(p: { locale: UiLocale; row: ConversationRow; messenger: Messenger; onClose(): void; onDeleted(name: string): void }) {
  const { locale, row, messenger } = p;
  const f = row.friend;
  const name = displayName(f);
  const [remark, setRemark] = useState(f.remark ?? "");
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"mute" | "pin" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remarkId = useId();
  const first = useRef<HTMLButtonElement>(null);

  useEffect(() => setRemark(f.remark ?? ""), [f.id, f.remark]);
  useEffect(() => {
    first.current?.focus({ preventScroll: true });
  }, [f.id]);

  const run = async (what: () => Promise<unknown>) => {
    setError(null);
    try {
      await what();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    }
  };

  const saveRemark = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setSaved(false);
    if (await run(() => messenger.setRemark(f.id, remark.trim()))) setSaved(true);
    setSaving(false);
  };

  return (
    <aside aria-label={t(locale, "chat.info")} data-testid="chat-info" className="flex h-full min-h-0 flex-col bg-white">
      <PanelHeader
        title={t(locale, "chat.info")}
        left={
          <button ref={first} type="button" onClick={p.onClose} data-testid="chat-info-close" aria-label={t(locale, "chat.close")} title={t(locale, "chat.close")} className={panelBtn}>
            <span className="lg:hidden">
              <BackIcon className="h-6 w-6" />
            </span>
            <span className="hidden lg:inline">
              <CloseIcon />
            </span>
          </button>
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="flex flex-col items-center gap-2 px-6 py-6 text-center">
          <Avatar id={f.id} name={name} src={f.avatar} size="lg" label={t(locale, "chat.photoOf", { name })} />
          <h2 className="mt-1 text-lg font-semibold break-words" data-testid="chat-info-name">
            {name}
          </h2>
          {name !== f.name && <p className="text-sm text-slate-500">{f.name}</p>}
          {f.markId && (
            <p className="text-sm text-slate-500">
              {t(locale, "chat.markId")}: <span className="font-mono text-slate-700 select-all">{f.markId}</span>
            </p>
          )}
          {f.addTime ? (
            <p className="text-xs text-slate-400">
              {t(locale, "chat.friendsSince", { date: new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric" }).format(new Date(f.addTime)) })}
            </p>
          ) : null}
        </div>

        <form onSubmit={saveRemark} className="border-t border-slate-100 px-5 py-4">
          <label htmlFor={remarkId} className="block text-sm font-medium text-slate-700">
            {t(locale, "chat.remark")}
          </label>
          <p className="mb-2 text-xs text-slate-500">{t(locale, "chat.remarkHint")}</p>
          <div className="flex gap-2">
            <input
              id={remarkId}
              data-testid="chat-remark"
              value={remark}
              maxLength={64}
              onChange={(e) => {
                setRemark(e.target.value);
                setSaved(false);
              }}
              placeholder={f.name}
              className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
            />
            <button
              type="submit"
              data-testid="chat-remark-save"
              disabled={saving || remark.trim() === (f.remark ?? "").trim()}
              className="shrink-0 rounded-lg bg-indigo-600 px-3 py-2 text-sm font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:opacity-50"
            >
              {t(locale, "chat.save")}
            </button>
          </div>
          {saved && (
            <p role="status" className="mt-1.5 text-xs text-emerald-700">
              {t(locale, "chat.saved")}
            </p>
          )}
        </form>

        <div className="divide-y divide-slate-100 border-t border-slate-100">
          <Switch
            label={t(locale, "chat.dnd")}
            checked={f.noDisturbing === 1}
            disabled={busy === "mute"}
            testId="chat-dnd"
            onChange={async (on) => {
              setBusy("mute");
              await run(() => messenger.setMuted(f.id, on));
              setBusy(null);
            }}
          />
          <Switch
            label={t(locale, "chat.pin")}
            checked={f.onTop === 1}
            disabled={busy === "pin"}
            testId="chat-pin"
            onChange={async (on) => {
              setBusy("pin");
              await run(() => messenger.setPinned(f.id, on));
              setBusy(null);
            }}
          />
        </div>

        {error && (
          <p role="alert" className="mx-5 my-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
            {error}
          </p>
        )}

        <div className="border-t border-slate-100 px-5 py-4">
          <button
            type="button"
            data-testid="chat-delete-friend"
            onClick={() => setConfirming(true)}
            className="w-full rounded-lg px-3 py-2 text-sm font-medium text-red-700 ring-1 ring-red-200 outline-none hover:bg-red-50 focus-visible:ring-2 focus-visible:ring-red-400"
          >
            {t(locale, "chat.deleteFriend")}
          </button>
        </div>
      </div>
      {confirming && (
        <ConfirmDialog
          locale={locale}
          text={t(locale, "chat.confirmDeleteFriend", { name })}
          confirmLabel={t(locale, "chat.delete")}
          busy={deleting}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            setDeleting(true);
            const ok = await run(() => messenger.deleteFriend(f.id));
            setDeleting(false);
            setConfirming(false);
            if (ok) p.onDeleted(name);
          }}
        />
      )}
    </aside>
  );
}
