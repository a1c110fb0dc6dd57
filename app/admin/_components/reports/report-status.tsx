"use client";
// A report's state in a word: open, dismissed, acted on.
import { useText } from "../ui/use-text";

export function ReportStatusBadge({ status }: { status: string }) {
  const [tr] = useText();
  const look = status === "open" ? "bg-red-50 text-red-700 ring-red-200" : status === "dismissed" ? "bg-slate-100 text-slate-600 ring-slate-200" : "bg-emerald-50 text-emerald-700 ring-emerald-200";
  const word = status === "open" ? tr("reports.status.open") : status === "dismissed" ? tr("reports.status.dismissed") : status === "actioned" ? tr("reports.status.actioned") : status;
  return (
    <span data-testid="admin-report-status" data-status={status} className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ${look}`}>
      {word}
    </span>
  );
}
