"use client";
// "New group": pick the people (friends in /chat; colleagues of a site in the console), give it a
// name if you like (the server names it after its first members otherwise), create it, and
// its chat opens. Enter in the name field creates it too; the server says what it refuses.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ListError, ListSkeleton } from "../../_components/list-states";
import { t, type UiLocale } from "../../_lib/i18n";
import { errorText } from "../../_lib/trpc";
import { BackIcon } from "./icons";
import { PanelHeader, panelBtn, PeoplePicker, toggled, type Person } from "./ui";

export function NewGroupView(p: {
  locale: UiLocale;
  title: string;
  people: Person[];
  loading?: boolean;
  loadError?: string | null;
  onRetry?(): void;
  /** shown above the picker (the console's site choice) */
  extra?: ReactNode;
  pickLabel: string;
  emptyText: string;
  create(users: string[], name: string): Promise<string>;
  onBack(): void;
  onCreated(roomId: string): void;
  testId?: string;
}) {
  const { locale } = p;
  const [name, setName] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus({ preventScroll: true }), []);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const roomId = await p.create([...selected], name.trim());
      p.onCreated(roomId);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <section aria-label={p.title} data-testid={p.testId ?? "chat-new-group"} className="flex min-h-0 flex-1 flex-col bg-white">
      <PanelHeader
        title={p.title}
        left={
          <button ref={back} type="button" onClick={p.onBack} data-testid="chat-new-group-back" aria-label={t(locale, "chat.back")} title={t(locale, "chat.back")} className={panelBtn}>
            <BackIcon className="h-6 w-6" />
          </button>
        }
      />
      <form onSubmit={submit} className="flex min-h-0 flex-1 flex-col">
        <div className="min-h-0 flex-1 overflow-y-auto">
          <div className="px-5 pt-4 pb-2">
            <label htmlFor={nameId} className="block text-sm font-medium text-slate-700">
              {t(locale, "group.create.name")}
            </label>
            <input
              id={nameId}
              data-testid="chat-new-group-name"
              value={name}
              maxLength={64}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
              className="mt-1.5 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
            />
            <p className="mt-1 text-xs text-slate-500">{t(locale, "group.create.nameHint")}</p>
          </div>
          {p.extra}
          <h3 className="flex items-baseline gap-2 px-5 pt-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">
            <span className="flex-1">{p.pickLabel}</span>
            <span className="font-normal tracking-normal normal-case" data-testid="chat-new-group-count">
              {t(locale, "group.create.selected", { count: String(selected.size) })}
            </span>
          </h3>
          {p.loading && p.people.length === 0 ? (
            <ListSkeleton rows={3} label={t(locale, "chat.loading")} />
          ) : p.loadError && p.people.length === 0 ? (
            <ListError message={p.loadError} retryLabel={t(locale, "chat.tryAgain")} onRetry={() => p.onRetry?.()} />
          ) : (
            <PeoplePicker
              locale={locale}
              people={p.people}
              selected={selected}
              testId="chat-new-group-picker"
              emptyText={p.emptyText}
              onToggle={(id) => setSelected((s) => toggled(s, id))}
            />
          )}
        </div>
        <div className="shrink-0 border-t border-slate-100 px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))]">
          {error && (
            <p role="alert" data-testid="chat-new-group-error" className="mb-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
              {error}
            </p>
          )}
          <button
            type="submit"
            data-testid="chat-new-group-create"
            disabled={busy}
            className="w-full rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:opacity-60"
          >
            {busy ? t(locale, "group.create.creating") : t(locale, "group.create.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
