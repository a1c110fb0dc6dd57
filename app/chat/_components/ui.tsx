"use client";
// Small pieces the /chat panels share (and the console's team groups): a panel header, an on/off
// switch, a confirmation dialog, a modal dialog, and a picker of people (friends, colleagues).
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { t, type UiLocale } from "../../_lib/i18n";
import { Avatar } from "./avatar";
import { CheckIcon, CloseIcon, SearchIcon } from "./icons";

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

export function Switch(p: { label: string; hint?: string; checked: boolean; disabled?: boolean; testId: string; onChange(on: boolean): void }) {
  return (
    <label className="flex cursor-pointer items-center justify-between gap-3 px-5 py-3.5 text-sm">
      <span className="min-w-0">
        <span className="block text-slate-800">{p.label}</span>
        {p.hint && <span className="block text-xs text-slate-500">{p.hint}</span>}
      </span>
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

/** keep Tab inside `root`, and Esc closes: what every modal here does */
function useModalKeys(root: React.RefObject<HTMLElement | null>, onClose: () => void) {
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        // a field with text keeps its Esc (it clears the field)
        const el = e.target as HTMLElement | null;
        if (el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA") && (el as HTMLInputElement).value && (el as HTMLInputElement).type !== "checkbox") return;
        e.stopPropagation();
        e.preventDefault();
        close.current();
      } else if (e.key === "Tab") {
        const f = [...(root.current?.querySelectorAll<HTMLElement>("button:not([disabled]),input:not([disabled]),textarea,select,[tabindex='0']") ?? [])];
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
      before?.focus?.({ preventScroll: true });
    };
  }, [root]);
}

/** a modal dialog: a sheet from the bottom on a phone, a card on a desktop; Esc or ✕ closes it */
export function Dialog(p: { locale: UiLocale; title: string; testId: string; onClose(): void; children: ReactNode; footer?: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useModalKeys(root, p.onClose);
  useEffect(() => {
    const first = root.current?.querySelector<HTMLElement>("[data-autofocus]") ?? root.current?.querySelector<HTMLElement>("button");
    first?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/40 sm:items-center sm:p-4" onClick={(e) => e.target === e.currentTarget && p.onClose()}>
      <div
        ref={root}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={p.testId}
        className="flex max-h-[85dvh] w-full flex-col rounded-t-2xl bg-white shadow-xl sm:max-w-md sm:rounded-2xl"
      >
        <div className="flex shrink-0 items-center gap-2 border-b border-slate-100 py-2 pr-2 pl-5">
          <h2 id={titleId} className="min-w-0 flex-1 truncate text-base font-semibold">
            {p.title}
          </h2>
          <button type="button" onClick={p.onClose} aria-label={t(p.locale, "chat.close")} title={t(p.locale, "chat.close")} data-testid={`${p.testId}-close`} className={panelBtn}>
            <CloseIcon />
          </button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">{p.children}</div>
        {p.footer && <div className="shrink-0 border-t border-slate-100 px-5 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))]">{p.footer}</div>}
      </div>
    </div>
  );
}

export interface Person {
  id: string;
  name: string;
  avatar?: string;
  /** a second line (their Parley ID, "already in the group") */
  detail?: string;
  /** shown but not choosable */
  disabled?: boolean;
}

/** choose people from a list (friends for a group, colleagues for a team group), with a filter */
export function PeoplePicker(p: { locale: UiLocale; people: Person[]; selected: Set<string>; onToggle(id: string): void; testId: string; emptyText: string }) {
  const { locale } = p;
  const [q, setQ] = useState("");
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return needle ? p.people.filter((x) => x.name.toLowerCase().includes(needle) || x.detail?.toLowerCase().includes(needle)) : p.people;
  }, [p.people, q]);
  if (!p.people.length) return <p className="px-5 py-6 text-center text-sm text-slate-500">{p.emptyText}</p>;
  return (
    <div data-testid={p.testId}>
      {p.people.length > 6 && (
        <div className="px-4 pt-3 pb-1">
          <label className="relative block">
            <span className="sr-only">{t(locale, "group.filterFriends")}</span>
            <span className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-slate-400">
              <SearchIcon />
            </span>
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={(e) => e.key === "Enter" && e.preventDefault()}
              placeholder={t(locale, "group.filterFriends")}
              data-testid={`${p.testId}-filter`}
              className="block w-full rounded-full bg-slate-100 py-2 pr-3 pl-9 text-sm outline-none placeholder:text-slate-500 focus:bg-white focus:ring-2 focus:ring-indigo-200"
            />
          </label>
        </div>
      )}
      {shown.length === 0 ? (
        <p className="px-5 py-6 text-center text-sm text-slate-500">{t(locale, "group.noFriendMatch", { q: q.trim() })}</p>
      ) : (
        <ul className="px-2 py-1">
          {shown.map((x) => {
            const on = p.selected.has(x.id);
            return (
              <li key={x.id}>
                <button
                  type="button"
                  role="checkbox"
                  aria-checked={on}
                  disabled={x.disabled}
                  data-testid={`${p.testId}-person`}
                  data-person-id={x.id}
                  onClick={() => p.onToggle(x.id)}
                  className="flex w-full items-center gap-3 rounded-xl px-3 py-2 text-left outline-none hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset disabled:opacity-50 disabled:hover:bg-transparent"
                >
                  <Avatar id={x.id} name={x.name} src={x.avatar} size="sm" />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-medium text-slate-900">{x.name}</span>
                    {x.detail && <span className="block truncate text-xs text-slate-500">{x.detail}</span>}
                  </span>
                  <span
                    aria-hidden
                    className={`flex h-5 w-5 shrink-0 items-center justify-center rounded-full border ${on ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-300 bg-white text-transparent"}`}
                  >
                    <CheckIcon className="h-3.5 w-3.5" />
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
