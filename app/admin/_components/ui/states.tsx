"use client";
// What a list or panel shows when it has no rows to show: a skeleton while the first answer is
// on its way, "nothing here" (with what was searched for), the server's words with Retry.
import type { ReactNode } from "react";
import { btn } from "./buttons";
import { useText } from "./use-text";

export function LoadingRows({ rows = 4, testId }: { rows?: number; testId?: string }) {
  const [tr] = useText();
  return (
    <div aria-busy="true" data-testid={testId} className="divide-y divide-slate-100">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex animate-pulse items-center gap-3 px-4 py-3.5">
          <div className="h-8 w-8 shrink-0 rounded-full bg-slate-200" />
          <div className="flex-1 space-y-2">
            <div className="h-3 w-1/3 rounded bg-slate-200" />
            <div className="h-3 w-1/2 rounded bg-slate-100" />
          </div>
        </div>
      ))}
      <span className="sr-only">{tr("common.loading")}</span>
    </div>
  );
}

export function EmptyState({ title, hint, testId, action }: { title: string; hint?: string; testId?: string; action?: ReactNode }) {
  return (
    <div className="px-4 py-10 text-center" data-testid={testId}>
      <p className="text-sm font-medium text-slate-700">{title}</p>
      {hint && <p className="mt-1 text-sm text-slate-500">{hint}</p>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

export function ErrorState({ message, onRetry, testId }: { message: string; onRetry?: () => void; testId?: string }) {
  const [tr] = useText();
  return (
    <div className="px-4 py-8 text-center" data-testid={testId}>
      <p role="alert" className="text-sm text-red-700">
        {message}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry} className={`${btn.secondary} mt-3`}>
          {tr("common.retry")}
        </button>
      )}
    </div>
  );
}

/** a refresh failed while the last answer stays on screen */
export function StaleNotice({ message, onRetry }: { message: string; onRetry(): void }) {
  const [tr] = useText();
  return (
    <div role="alert" className="flex flex-wrap items-center gap-2 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
      <span className="min-w-0 flex-1">{tr("common.staleError", { error: message })}</span>
      <button type="button" onClick={onRetry} className="font-medium text-amber-900 underline underline-offset-2">
        {tr("common.retry")}
      </button>
    </div>
  );
}
