"use client";
// The friend's details on demand (a side panel on a desktop, a page on a phone): Parley ID,
// my remark for them, do-not-disturb, pin, and deleting the friend (asked first).
import { useState } from "react";
import { t, type UiLocale } from "../../_lib/i18n";
import { errorText } from "../../_lib/trpc";
import type { ConversationRow, Messenger } from "../_lib/messenger";
import { Avatar } from "./avatar";
import { displayName } from "./conversation-list";
import { ConfirmDialog, ConversationSwitches, InfoPanelHeader, TextSetting } from "./ui";

export function InfoPanel(p: { locale: UiLocale; row: ConversationRow; messenger: Messenger; onClose(): void; onDeleted(name: string): void }) {
  const { locale, row, messenger } = p;
  const f = row.friend;
  const name = displayName(f);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"dnd" | "pin" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);

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

  return (
    <aside aria-label={t(locale, "chat.info")} data-testid="chat-info" className="flex h-full min-h-0 flex-col bg-white">
      <InfoPanelHeader locale={locale} title={t(locale, "chat.info")} subject={f.id} onClose={p.onClose} />
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

        <TextSetting
          locale={locale}
          label={t(locale, "chat.remark")}
          hint={t(locale, "chat.remarkHint")}
          current={f.remark ?? ""}
          placeholder={f.name}
          maxLength={64}
          testId="chat-remark"
          subject={f.id}
          onSave={(remark) => run(() => messenger.setRemark(f.id, remark))}
        />

        <ConversationSwitches
          locale={locale}
          testIdPrefix="chat"
          pinLabel={t(locale, "chat.pin")}
          isMuted={f.noDisturbing === 1}
          isPinned={f.onTop === 1}
          busy={busy}
          onMute={async (on) => {
            setBusy("dnd");
            await run(() => messenger.setMuted(f.id, on));
            setBusy(null);
          }}
          onPin={async (on) => {
            setBusy("pin");
            await run(() => messenger.setPinned(f.id, on));
            setBusy(null);
          }}
        />

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
