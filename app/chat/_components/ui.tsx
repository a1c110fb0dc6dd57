"use client";
// Small pieces the /chat panels share (and the console's team groups): a panel header and an
// info panel's, an on/off switch and the do-not-disturb / pin pair, a text setting with Save, a
// search field, a confirmation dialog, a modal dialog, and a picker of people (friends, colleagues).
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from "react";
import { t, type UiLocale } from "../../_lib/i18n";
import { Avatar } from "./avatar";
import { BackIcon, CheckIcon, CloseIcon, SearchIcon } from "./icons";

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

/** an info panel's header: Back where the panel is a page, ✕ beside the chat; focused when it opens and for each new `subject` */
export function InfoPanelHeader(p: { locale: UiLocale; title: string; subject: string; onClose(): void }) {
  const { locale } = p;
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus({ preventScroll: true });
  }, [p.subject]);
  return (
    <PanelHeader
      title={p.title}
      left={
        <button ref={close} type="button" onClick={p.onClose} data-testid="chat-info-close" aria-label={t(locale, "chat.close")} title={t(locale, "chat.close")} className={panelBtn}>
          <span className="lg:hidden">
            <BackIcon className="h-6 w-6" />
          </span>
          <span className="hidden lg:inline">
            <CloseIcon />
          </span>
        </button>
      }
    />
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

/** do-not-disturb and pin, the two switches every conversation has; `busy` is "dnd" or "pin" while one is saved */
export function ConversationSwitches(p: { locale: UiLocale; testIdPrefix: string; pinLabel: string; isMuted: boolean; isPinned: boolean; busy: string | null; onMute(on: boolean): void; onPin(on: boolean): void }) {
  return (
    <div className="divide-y divide-slate-100 border-t border-slate-100">
      <Switch label={t(p.locale, "chat.dnd")} checked={p.isMuted} disabled={p.busy === "dnd"} testId={`${p.testIdPrefix}-dnd`} onChange={p.onMute} />
      <Switch label={p.pinLabel} checked={p.isPinned} disabled={p.busy === "pin"} testId={`${p.testIdPrefix}-pin`} onChange={p.onPin} />
    </div>
  );
}

/**
 * One text setting with Save (my remark for a friend, my nickname in a group): `onSave` gets the
 * trimmed text and says whether it took. A new `current` (or `subject`: another friend) starts over.
 */
export function TextSetting(p: {
  locale: UiLocale;
  label: string;
  hint: string;
  current: string;
  placeholder: string;
  maxLength: number;
  /** the field's; the button's is `${testId}-save` */
  testId: string;
  subject?: string;
  onSave(value: string): Promise<boolean>;
}) {
  const { locale } = p;
  const [value, setValue] = useState(p.current);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const id = useId();
  useEffect(() => setValue(p.current), [p.current, p.subject]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setSaved(false);
    if (await p.onSave(value.trim())) setSaved(true);
    setSaving(false);
  };
  return (
    <form onSubmit={submit} className="border-t border-slate-100 px-5 py-4">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {p.label}
      </label>
      <p className="mb-2 text-xs text-slate-500">{p.hint}</p>
      <div className="flex gap-2">
        <input
          id={id}
          data-testid={p.testId}
          value={value}
          maxLength={p.maxLength}
          onChange={(e) => {
            setValue(e.target.value);
            setSaved(false);
          }}
          placeholder={p.placeholder}
          className="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
        />
        <button
          type="submit"
          data-testid={`${p.testId}-save`}
          disabled={saving || value.trim() === p.current.trim()}
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
  );
}

/** a round search field with the magnifier; the label is its placeholder too */
export function SearchField(p: { label: string; value: string; onChange(value: string): void; onKeyDown(e: ReactKeyboardEvent<HTMLInputElement>): void; testId: string; maxLength?: number }) {
  return (
    <label className="relative block">
      <span className="sr-only">{p.label}</span>
      <span className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-slate-400">
        <SearchIcon />
      </span>
      <input
        type="search"
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        onKeyDown={p.onKeyDown}
        placeholder={p.label}
        maxLength={p.maxLength}
        data-testid={p.testId}
        className="block w-full rounded-full bg-slate-100 py-2 pr-3 pl-9 text-sm outline-none placeholder:text-slate-500 focus:bg-white focus:ring-2 focus:ring-indigo-200"
      />
    </label>
  );
}

/** Tab and Shift+Tab go round the `focusable` elements of `root`, never out of it (a modal's focus trap) */
function keepTabInside(e: KeyboardEvent, root: HTMLElement | null, focusable: string) {
  const f = [...(root?.querySelectorAll<HTMLElement>(focusable) ?? [])];
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
      } else if (e.key === "Tab") keepTabInside(e, dialog.current, "button");
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
function useModalKeys(root: React.RefObject<HTMLElement | null>, onClose: () => void, escapeAlways = false) {
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
        if (!escapeAlways && el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA") && (el as HTMLInputElement).value && (el as HTMLInputElement).type !== "checkbox") return;
        e.stopPropagation();
        e.preventDefault();
        close.current();
      } else if (e.key === "Tab") keepTabInside(e, root.current, "button:not([disabled]),input:not([disabled]),textarea,select,[tabindex='0']");
    };
    document.addEventListener("keydown", onKey, true);
    return () => {
      document.removeEventListener("keydown", onKey, true);
      before?.focus?.({ preventScroll: true });
    };
  }, [root, escapeAlways]);
}

/** a modal dialog: a sheet from the bottom on a phone, a card on a desktop; Esc or ✕ closes it */
export function Dialog(p: {
  locale: UiLocale;
  title: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  /** Esc closes even from a field with text in it (a form whose fields have no Esc of their own) */
  escapeAlways?: boolean;
}) {
  const root = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useModalKeys(root, p.onClose, p.escapeAlways);
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

/** the picker's choice after `id` was tapped: in it, or out of it again */
export function toggled(selected: Set<string>, id: string): Set<string> {
  const n = new Set(selected);
  if (n.has(id)) n.delete(id);
  else n.add(id);
  return n;
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
          <SearchField label={t(locale, "group.filterFriends")} value={q} onChange={setQ} onKeyDown={(e) => e.key === "Enter" && e.preventDefault()} testId={`${p.testId}-filter`} />
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
