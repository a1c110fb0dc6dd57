// What a list (the console's inbox, the messenger's chats) shows before it has rows: a
// skeleton while it loads, the server's words and a retry when it could not.
export function ListSkeleton(props: { rows: number; label: string }) {
  return (
    <ul aria-busy="true" className="space-y-1 px-2">
      {Array.from({ length: props.rows }, (_, i) => (
        <li key={i} className="flex animate-pulse gap-3 px-2 py-2.5">
          <div className="h-10 w-10 shrink-0 rounded-full bg-slate-200" />
          <div className="flex-1 space-y-2 py-1">
            <div className="h-3 w-1/2 rounded bg-slate-200" />
            <div className="h-3 w-3/4 rounded bg-slate-100" />
          </div>
        </li>
      ))}
      <li className="sr-only">{props.label}</li>
    </ul>
  );
}

export function ListError(props: { message: string; retryLabel: string; onRetry: () => void }) {
  return (
    <div className="p-6 text-center text-sm text-slate-600">
      <p role="alert">{props.message}</p>
      <button
        type="button"
        onClick={props.onRetry}
        className="mt-3 rounded-lg bg-white px-3 py-1.5 font-medium text-indigo-700 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        {props.retryLabel}
      </button>
    </div>
  );
}
