"use client";
// "Report" on someone's message (friend chat, group, chat room): the message quoted, an optional
// reason, and report.create — the admins' queue gets the message as it is now, even if its
// sender recalls it later. What may be reported is the server's to decide (-6000, -2021 …):
// its words are shown as they come.
import { useState, type FormEvent } from "react";
import type { ChatItem } from "../../_lib/conversation-store";
import { t, type UiLocale } from "../../_lib/i18n";
import { Dialog } from "./ui";

export const REPORT_REASON_MAX = 500;

export function ReportDialog(p: {
  locale: UiLocale;
  item: ChatItem;
  report(input: { id: string; msgId: string; reason: string }): Promise<unknown>;
  onDone(text: string): void;
  onClose(): void;
}) {
  const { locale, item } = p;
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const quoted = typeof item.msg.content === "string" ? item.msg.content : t(locale, "report.media");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await p.report({ id: item.fromId, msgId: item.logId ?? "", reason: reason.trim() });
      p.onDone(t(locale, "report.sent"));
      p.onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <Dialog
      locale={locale}
      title={t(locale, "report.title", { name: item.senderInfo.nickname })}
      testId="report-dialog"
      onClose={p.onClose}
      footer={
        <div className="flex justify-end gap-2">
          <button type="button" onClick={p.onClose} className="rounded-lg px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none">
            {t(locale, "msg.cancel")}
          </button>
          <button
            type="submit"
            form="report-form"
            disabled={busy}
            data-testid="report-submit"
            className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white hover:bg-red-700 focus-visible:ring-2 focus-visible:ring-red-400 focus-visible:ring-offset-1 focus-visible:outline-none disabled:opacity-60"
          >
            {busy ? t(locale, "report.sending") : t(locale, "report.submit")}
          </button>
        </div>
      }
    >
      <form id="report-form" onSubmit={submit} className="space-y-3 px-5 py-4">
        <blockquote className="line-clamp-4 rounded-lg border-l-4 border-slate-300 bg-slate-50 px-3 py-2 text-sm break-words whitespace-pre-wrap text-slate-700">{quoted}</blockquote>
        <label className="block text-sm font-medium text-slate-700">
          {t(locale, "report.reason")}
          <textarea
            data-autofocus
            data-testid="report-reason"
            value={reason}
            maxLength={REPORT_REASON_MAX}
            rows={3}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t(locale, "report.reasonPlaceholder")}
            className="mt-1 block w-full resize-none rounded-lg border border-slate-300 px-3 py-2 text-sm font-normal focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 focus:outline-none"
          />
        </label>
        <p className="text-xs text-slate-500">{t(locale, "report.hint")}</p>
        {error && (
          <p role="alert" data-testid="report-error" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
