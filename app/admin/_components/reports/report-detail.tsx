"use client";
// One report: who reported whom and why, the message with the ones around it, what can be done
// (dismiss, delete the message, mute the person for a while, ban the account — deleting and
// banning are confirmed first) and everything admins did about it so far.
import { useState, type ReactNode } from "react";
import type { ReportAction, TReport, TReportActionEntry } from "../../_lib/admin-api";
import { formatDateTime, formatDuration } from "../../_lib/format";
import { useAdmin } from "../admin-context";
import { MuteDialog } from "../mute-dialog";
import { Avatar } from "../ui/avatar";
import { btn } from "../ui/buttons";
import { ConfirmDialog, Dialog } from "../ui/dialog";
import { useText, type AdminText } from "../ui/use-text";
import { MessageContext } from "./report-message";
import { ReportStatusBadge } from "./report-status";

export function ReportDetailSheet(p: { report: TReport; onClose(): void; onActed(report: TReport | null): void }) {
  const [tr, locale] = useText();
  const { api, fail, toasts } = useAdmin();
  const r = p.report;
  const [confirm, setConfirm] = useState<"delete" | "ban" | null>(null);
  const [muting, setMuting] = useState(false);
  const [busy, setBusy] = useState<ReportAction | null>(null);

  async function act(action: ReportAction, mutedTime?: number) {
    setBusy(action);
    try {
      const next = (await api.report.act.mutate(mutedTime === undefined ? { id: r.id, action } : { id: r.id, action, mutedTime })) as TReport | null;
      toasts.success(
        action === "mute" && mutedTime ? tr("reports.done.mute", { name: r.reported.name, duration: formatDuration(mutedTime, locale) }) : tr(`reports.done.${action}`, { name: r.reported.name }),
      );
      setConfirm(null);
      setMuting(false);
      p.onActed(next && typeof next === "object" && "id" in next ? next : null);
    } catch (err) {
      const text = fail(err);
      if (action === "mute") throw new Error(text); // the mute dialog shows it
      toasts.error(text);
    } finally {
      setBusy(null);
    }
  }

  async function unban() {
    setBusy("ban");
    try {
      await api.admin.unban.mutate({ userId: r.reported.id });
      toasts.success(tr("reports.done.unban", { name: r.reported.name }));
      // admin.unban answers nothing about the report: what changed is the person's ban
      p.onActed({ ...r, reported: { ...r.reported, bannedAt: 0 } });
    } catch (err) {
      toasts.error(fail(err));
    } finally {
      setBusy(null);
    }
  }

  const hasMessage = !!r.message && !r.message.deleted && !r.message.recalled;
  const where = r.channelType === 1 ? tr("reports.in.room") : r.channelType === 2 ? tr("reports.in.group") : r.channelType === 3 ? tr("reports.in.friend") : null;
  return (
    <>
      <Dialog open onClose={p.onClose} shape="sheet" title={tr("reports.detailTitle", { name: r.reported.name })}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <time dateTime={new Date(r.createdAt).toISOString()}>{formatDateTime(r.createdAt, locale)}</time>
            <ReportStatusBadge status={r.status} />
          </span>
        } closeLabel={tr("common.close")} testId="admin-report">
        <div className="space-y-6 px-5 py-4">
          <section className="grid gap-3 sm:grid-cols-2">
            <PersonCard label={tr("reports.reported")} person={r.reported} tr={tr} locale={locale} testId="admin-report-reported" />
            <PersonCard label={tr("reports.reporter")} person={r.reporter} tr={tr} locale={locale} testId="admin-report-reporter" />
          </section>

          <section>
            <h3 className="mb-1.5 text-sm font-semibold text-slate-900">{tr("reports.reason")}</h3>
            <p className="rounded-lg bg-slate-50 px-3 py-2 text-sm break-words whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200" data-testid="admin-report-reason">
              {r.reason || <span className="text-slate-400 italic">{tr("reports.noReason")}</span>}
            </p>
          </section>

          <section>
            <h3 className="mb-1.5 text-sm font-semibold text-slate-900">
              {r.message ? tr("reports.theMessage") : tr("reports.thePerson")}
              {r.message && where && <span className="ml-1.5 font-normal text-slate-500">{where}</span>}
            </h3>
            {r.message ? <MessageContext context={r.context ?? []} reported={r.message} snapshot={r.snapshot} /> : <p className="text-sm text-slate-500">{tr("reports.noMessage")}</p>}
          </section>

          <section>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">{tr("reports.actions")}</h3>
            <div className="flex flex-wrap gap-2">
              {r.status === "open" && (
                <button type="button" className={btn.secondary} disabled={!!busy} onClick={() => void act("dismiss")} data-testid="admin-report-dismiss">
                  {busy === "dismiss" ? tr("common.saving") : tr("reports.act.dismiss")}
                </button>
              )}
              {hasMessage && (
                <button type="button" className={btn.secondary} disabled={!!busy} onClick={() => setConfirm("delete")} data-testid="admin-report-delete">
                  {tr("reports.act.delete")}
                </button>
              )}
              <button type="button" className={btn.secondary} disabled={!!busy} onClick={() => setMuting(true)} data-testid="admin-report-mute">
                {tr("reports.act.mute")}
              </button>
              {r.reported.bannedAt ? (
                <button type="button" className={btn.secondary} disabled={!!busy} onClick={() => void unban()} data-testid="admin-report-unban">
                  {tr("reports.act.unban")}
                </button>
              ) : (
                <button type="button" className={btn.danger} disabled={!!busy} onClick={() => setConfirm("ban")} data-testid="admin-report-ban">
                  {tr("reports.act.ban")}
                </button>
              )}
            </div>
          </section>

          <section>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">{tr("reports.history")}</h3>
            {r.actions.length === 0 ? (
              <p className="text-sm text-slate-500" data-testid="admin-report-history-empty">
                {tr("reports.noHistory")}
              </p>
            ) : (
              <ol className="space-y-2 border-l-2 border-slate-200 pl-4" data-testid="admin-report-history">
                {r.actions.map((a) => (
                  <li key={a.id} className="relative text-sm" data-testid="admin-report-history-entry" data-action={a.action}>
                    <span aria-hidden className="absolute top-1.5 -left-[1.3rem] h-2 w-2 rounded-full bg-slate-400" />
                    <p className="text-slate-800">{historyLine(a, tr, locale)}</p>
                    {a.action === "delete" && typeof a.detail?.msg === "object" && typeof (a.detail.msg as { content?: unknown }).content === "string" && (
                      <p className="mt-0.5 text-xs break-words text-slate-500">{tr("reports.h.removedText", { text: (a.detail.msg as { content: string }).content })}</p>
                    )}
                    <time className="text-xs text-slate-500" dateTime={new Date(a.createdAt).toISOString()}>
                      {formatDateTime(a.createdAt, locale)}
                    </time>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </Dialog>

      <ConfirmDialog
        open={!!confirm}
        title={confirm === "ban" ? tr("reports.confirmBan.title", { name: r.reported.name }) : tr("reports.confirmDelete.title")}
        body={confirm === "ban" ? tr("reports.confirmBan.body", { name: r.reported.name }) : tr("reports.confirmDelete.body")}
        confirmLabel={confirm === "ban" ? tr("reports.act.ban") : tr("reports.act.delete")}
        cancelLabel={tr("common.cancel")}
        closeLabel={tr("common.close")}
        danger
        busy={!!busy}
        testId="admin-report-confirm"
        onCancel={() => setConfirm(null)}
        onConfirm={() => confirm && void act(confirm)}
      />
      {muting && (
        <MuteDialog
          open
          testId="admin-report-mute-dialog"
          target={{ name: r.reported.name, scope: tr("mute.scopeGlobal"), mutedUntil: r.reported.mutedUntil }}
          onMute={(ms) => act("mute", ms)}
          onClose={() => setMuting(false)}
        />
      )}
    </>
  );
}

function PersonCard({ label, person, tr, locale, testId }: { label: string; person: TReport["reporter"]; tr: AdminText; locale: Parameters<typeof formatDateTime>[1]; testId: string }) {
  let state: ReactNode = null;
  if (person.bannedAt) state = <span className="text-red-700">{tr("muting.banned", { time: formatDateTime(person.bannedAt, locale) })}</span>;
  else if (person.mutedUntil && person.mutedUntil > Date.now()) state = <span className="text-amber-800">{tr("muting.mutedUntil", { time: formatDateTime(person.mutedUntil, locale) })}</span>;
  return (
    <div className="rounded-xl px-3 py-2.5 ring-1 ring-slate-200" data-testid={testId}>
      <p className="mb-1.5 text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</p>
      <div className="flex items-center gap-2.5">
        <Avatar id={person.id} name={person.name} src={person.avatar} />
        <div className="min-w-0 text-sm">
          <p className="truncate font-medium text-slate-900" data-testid={`${testId}-name`}>
            {person.name}
          </p>
          {(person.account || person.uid) && <p className="truncate text-xs text-slate-500">{person.account || tr("people.uid", { uid: person.uid ?? "" })}</p>}
          {state && <p className="text-xs" data-testid={`${testId}-state`}>{state}</p>}
        </div>
      </div>
    </div>
  );
}

/** "Ana dismissed the report", "Ana muted them for 1 hour" … */
function historyLine(a: TReportActionEntry, tr: AdminText, locale: Parameters<typeof formatDuration>[1]): string {
  const admin = a.adminName || tr("reports.anAdmin");
  const ms = typeof a.detail?.mutedTime === "number" ? a.detail.mutedTime : null;
  switch (a.action) {
    case "dismiss":
      return tr("reports.h.dismiss", { admin });
    case "delete":
      return tr("reports.h.delete", { admin });
    case "mute":
      return ms ? tr("reports.h.muteFor", { admin, duration: formatDuration(ms, locale) }) : tr("reports.h.mute", { admin });
    case "ban":
      return tr("reports.h.ban", { admin });
    case "unban":
      return tr("reports.h.unban", { admin });
    default:
      return tr("reports.h.other", { admin, action: a.action });
  }
}
