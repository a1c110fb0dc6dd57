// The whole-page error the messenger and the console show when they cannot start (the server
// refused the session, or did not answer): what happened, and the two ways on.
export function FatalScreen(props: { message: string; retryLabel: string; signOutLabel: string; onSignOut: () => void }) {
  return (
    <main className="flex h-dvh items-center justify-center p-4">
      <div role="alert" className="w-full max-w-sm rounded-2xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200">
        <p className="text-slate-800">{props.message}</p>
        <div className="mt-4 flex justify-center gap-2">
          <button
            type="button"
            onClick={() => window.location.reload()}
            className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
          >
            {props.retryLabel}
          </button>
          <button
            type="button"
            onClick={props.onSignOut}
            className="rounded-lg px-4 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            {props.signOutLabel}
          </button>
        </div>
      </div>
    </main>
  );
}
