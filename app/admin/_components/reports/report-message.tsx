"use client";
// A message as a report shows it: who wrote it and when, and what it says — text as text, a
// picture small, other kinds by name. The reported one stands out among its neighbours.
import { formatTime, safeUploadUrl } from "../../../_components/chat/format";
import type { TReportMessage } from "../../_lib/admin-api";
import { formatDateTime } from "../../_lib/format";
import { useText } from "../ui/use-text";

export function MessageSummary({ m }: { m: TReportMessage }) {
  const [tr] = useText();
  if (m.deleted) return <span className="text-slate-400 italic">{tr("reports.msg.deleted")}</span>;
  if (m.recalled) return <span className="text-slate-400 italic">{tr(m.recalledBy && m.recalledBy !== m.fromId ? "reports.msg.removed" : "reports.msg.recalled")}</span>;
  switch (m.msgType) {
    case 1:
      return typeof m.msg.content === "string" ? <span className="break-words whitespace-pre-wrap [overflow-wrap:anywhere]">{m.msg.content}</span> : <Other />;
    case 3: {
      const src = safeUploadUrl(m.msg.imageUrl);
      // eslint-disable-next-line @next/next/no-img-element -- a Parley upload
      return src ? <img src={src} alt={tr("reports.msg.image")} className="max-h-40 max-w-full rounded-lg bg-slate-100 object-contain" /> : <Other />;
    }
    case 2:
      return <span className="text-slate-600">{tr("reports.msg.audio")}</span>;
    case 5:
      return <span className="text-slate-600">{tr("reports.msg.video")}</span>;
    case 7:
      return <span className="text-slate-600">{tr("reports.msg.file", { name: typeof m.msg.name === "string" ? m.msg.name : "" })}</span>;
    default:
      return <Other />;
  }
}

function Other() {
  const [tr] = useText();
  return <span className="text-slate-500 italic">{tr("reports.msg.other")}</span>;
}

/** the reported message and the ones around it, in the order they were written (logIds grow) */
export function inOrder(context: TReportMessage[], reported: TReportMessage | null | undefined): TReportMessage[] {
  const all = new Map<string, TReportMessage>();
  for (const m of context) all.set(m.logId, m);
  if (reported) all.set(reported.logId, reported);
  const key = (id: string) => (/^\d+$/.test(id) ? BigInt(id) : 0n);
  return [...all.values()].sort((a, b) => (key(a.logId) < key(b.logId) ? -1 : key(a.logId) > key(b.logId) ? 1 : a.datetime - b.datetime));
}

/** the reported message among the ones around it */
export function MessageContext({ context, reported, snapshot }: { context: TReportMessage[]; reported: TReportMessage | null | undefined; snapshot?: TReportMessage | null }) {
  const [tr, locale] = useText();
  const list = inOrder(context, reported);
  return (
    <ol className="space-y-2" data-testid="admin-report-context">
      {list.map((m) => {
        const isIt = !!reported && m.logId === reported.logId;
        return (
          <li
            key={m.logId}
            data-testid={isIt ? "admin-report-message" : "admin-report-context-message"}
            aria-current={isIt ? "true" : undefined}
            className={`rounded-xl px-3 py-2 text-sm ${isIt ? "bg-red-50 ring-2 ring-red-300" : "bg-slate-50 ring-1 ring-slate-200"}`}
          >
            <div className="mb-0.5 flex flex-wrap items-baseline gap-x-2 text-xs text-slate-500">
              <span className="font-medium text-slate-700">{m.senderInfo?.nickname ?? m.fromId}</span>
              <time dateTime={new Date(m.datetime).toISOString()} title={formatDateTime(m.datetime, locale)}>
                {formatTime(m.datetime, locale)}
              </time>
              {isIt && <span className="rounded bg-red-600 px-1.5 py-px text-[11px] font-semibold text-white">{tr("reports.reportedTag")}</span>}
            </div>
            <div className="text-slate-900">
              <MessageSummary m={m} />
            </div>
            {isIt && m.recalled && snapshot && (
              // recalled or removed since: what the reporter saw is kept with the report
              <div className="mt-1 border-t border-red-200 pt-1 text-slate-900" data-testid="admin-report-snapshot">
                <span className="mr-1 text-xs text-slate-500">{tr("reports.asReported")}</span>
                <MessageSummary m={snapshot} />
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
