// The pieces the sign-in pages share (the console's and the messenger's): the card with the
// brand, why you were sent here or what went wrong, and the submit button.
import type { ReactNode } from "react";

export function SignInCard(props: { title: string; hint: string; children: ReactNode; after?: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <div className="mb-6 flex items-center gap-3">
          <span aria-hidden className="flex h-10 w-10 items-center justify-center rounded-xl bg-indigo-600 text-lg font-bold text-white">
            P
          </span>
          <div>
            <h1 className="text-lg leading-tight font-semibold">{props.title}</h1>
            <p className="text-sm text-slate-500">{props.hint}</p>
          </div>
        </div>
        {props.children}
      </div>
      {props.after}
    </main>
  );
}

/** `ended`: why the page sent you here (its session ended); `error`: why the last try failed */
export function SignInNotices(props: { testIdPrefix: string; ended: string | null; error: string | null }) {
  return (
    <>
      {props.ended && !props.error && (
        <p role="status" data-testid={`${props.testIdPrefix}-ended`} className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-800 ring-1 ring-amber-200">
          {props.ended}
        </p>
      )}
      {props.error && (
        <p role="alert" data-testid={`${props.testIdPrefix}-error`} className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
          {props.error}
        </p>
      )}
    </>
  );
}

export function SignInSubmit(props: { testId: string; busy: boolean; label: string; busyLabel: string }) {
  return (
    <button
      type="submit"
      data-testid={props.testId}
      disabled={props.busy}
      className="w-full rounded-lg bg-indigo-600 px-4 py-2.5 text-base font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60"
    >
      {props.busy ? props.busyLabel : props.label}
    </button>
  );
}
