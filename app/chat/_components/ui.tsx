"use client";
// Small pieces the /chat panels share: a panel header, an on/off switch, a confirmation dialog.
import { useEffect, useRef, type ReactNode } from "react";
import { t, type UiLocale } from "../../_lib/i18n";

/** a round icon button in a panel header */
export const panelBtn =
  "flex h-10 w-10 shrink-0 items-center justify-center rounded-full text-indigo-700 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500";

export function PanelHeader({ title, left, right }: { title: string; left?: ReactNode; right?: ReactNode }) {
  return (
    <header className="flex shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-2 pt-[max(0.5rem,env(safe-area-inset-top))] pb-2">
      {left}
      <h2 className="min-w-0 flex-1 truncate px-1 text-base font-semibold">{title}</h2>
      {right}
    </header>
  );
}

export function Switch(p: { label: string; checked: boolean; disabled?: boolean; testId: string; onChange(on: boolean): void }) {
  return (
    <label className="flex cursor-pointer items-center justify-between gap-3 px-5 py-3.5 text-sm">
      <span className="text-slate-800">{p.label}</span>
      <button
        type="button"
        role="switch"
        aria-checked={p.checked}
        data-testid={p.testId}
        disabled={p.disabled}
        onClick={() => p.onChange(!p.checked)}
        className={`relative h-6 w-11 shrink-0 rounded-full transition-colors outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-60 ${
          p.checked ? "bg-indigo-600" : "bg-slate-300"
        }`}
      >
        <span aria-hidden className={`absolute top-0.5 left-0.5 h-5 w-5 rounded-full bg-white shadow transition-transform ${p.checked ? "translate-x-5" : ""}`} />
      </button>
    </label>
  );
}

/** a modal question for a destructive action; Esc or Cancel says no */
export function ConfirmDialog(p: { locale: UiLocale; text: string; confirmLabel: string; busy?: boolean; onCancel(): void; onConfirm(): void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    cancel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        p.onCancel();
      } else if (e.key === "Tab") {
        // keep focus inside the dialog
        const f = [...(dialog.current?.querySelectorAll<HTMLElement>("button") ?? [])];
        if (!f.length) return;
        const i = f.indexOf(document.activeElement as HTMLElement);
        if (e.shiftKey && i <= 0) {
          e.preventDefault();
          f[f.length - 1].focus();
        } else if (!e.shiftKey && i === f.length - 1) {
          e.preventDefault();
          f[0].focus();
        }
      }
    };
    document.addEventListener("keydown", onKey, true);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      before?.focus?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/40 p-4 sm:items-center" onClick={(e) => e.target === e.currentTarget && p.onCancel()}>
      <div ref={dialog} role="alertdialog" aria-modal="true" aria-label={p.text} data-testid="chat-confirm" className="w-full max-w-sm rounded-2xl bg-white p-5 shadow-xl">
        <p className="text-[15px] text-slate-800">{p.text}</p>
        <div className="mt-5 flex justify-end gap-2">
          <button
            ref={cancel}
            type="button"
            onClick={p.onCancel}
            className="rounded-lg px-4 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 outline-none hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            {t(p.locale, "chat.cancel")}
          </button>
          <button
            type="button"
            data-testid="chat-confirm-yes"
            disabled={p.busy}
            onClick={p.onConfirm}
            className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white outline-none hover:bg-red-700 focus-visible:ring-2 focus-visible:ring-red-400 focus-visible:ring-offset-2 disabled:opacity-60"
          >
            {p.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
