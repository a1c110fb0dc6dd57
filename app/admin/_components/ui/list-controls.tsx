"use client";
// Above a table: a search field (as you type; Enter asks at once; Escape empties it) and a
// filter of a few choices (a segmented control: one radio group, arrow keys move).
import { useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { SearchIcon } from "./icons";

export function Toolbar({ children }: { children: ReactNode }) {
  return <div className="flex flex-col gap-2 border-b border-slate-100 p-3 sm:flex-row sm:flex-wrap sm:items-center sm:gap-3 sm:p-4">{children}</div>;
}

export function SearchField(p: { label: string; placeholder?: string; value: string; onChange(v: string): void; onSubmit?(): void; testId: string; type?: "search" | "tel" }) {
  const id = useId();
  return (
    <div className="relative min-w-0 sm:w-72">
      <label htmlFor={id} className="sr-only">
        {p.label}
      </label>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" />
      <input
        id={id}
        type="search"
        inputMode={p.type === "tel" ? "tel" : undefined}
        data-testid={p.testId}
        value={p.value}
        placeholder={p.placeholder ?? p.label}
        autoComplete="off"
        onChange={(e) => p.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            p.onSubmit?.();
          } else if (e.key === "Escape" && p.value) {
            // empty the field; a second Escape goes on to whatever is open
            e.preventDefault();
            e.stopPropagation();
            p.onChange("");
          }
        }}
        className="block w-full rounded-lg border border-slate-300 bg-white py-2 pr-3 pl-9 text-base outline-none placeholder:text-slate-400 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200 sm:text-sm"
      />
    </div>
  );
}

export function SegmentedFilter<V extends string | number>(p: { label: string; value: V; options: { value: V; label: string }[]; onChange(v: V): void; testId: string }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const i = p.options.findIndex((o) => o.value === p.value);
  const onKey = (e: KeyboardEvent) => {
    const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (i + step + p.options.length) % p.options.length;
    p.onChange(p.options[next].value);
    refs.current[next]?.focus();
  };
  return (
    <div role="radiogroup" aria-label={p.label} data-testid={p.testId} onKeyDown={onKey} className="inline-flex max-w-full self-start overflow-x-auto rounded-lg bg-slate-100 p-1 text-sm font-medium">
      {p.options.map((o, k) => (
        <button
          key={String(o.value)}
          ref={(el) => {
            refs.current[k] = el;
          }}
          type="button"
          role="radio"
          aria-checked={o.value === p.value}
          tabIndex={o.value === p.value ? 0 : -1}
          data-testid={`${p.testId}-${o.value}`}
          onClick={() => p.onChange(o.value)}
          className={`rounded-md px-3 py-1.5 whitespace-nowrap outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${o.value === p.value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
