"use client";
// Where the portal's toasts show: bottom right on a desktop, bottom full width on a phone. The
// box is a manual popover, shown again whenever a toast comes, so it sits in the top layer
// above an open dialog or sheet (whose result it usually reports) instead of behind its
// backdrop. Each toast is a live region: a screen reader says what an action did.
import { useLayoutEffect, useRef, useSyncExternalStore } from "react";
import type { ToastStore } from "../../_lib/toasts";
import { CloseIcon } from "./icons";
import { useText } from "./use-text";

const LOOKS = {
  success: "bg-slate-900 text-white",
  info: "bg-slate-900 text-white",
  error: "bg-red-700 text-white",
} as const;

export function ToastViewport({ store }: { store: ToastStore }) {
  const toasts = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  const [tr] = useText();
  const box = useRef<HTMLDivElement>(null);
  const newest = toasts.at(-1)?.id ?? 0;
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || typeof el.showPopover !== "function") return;
    const isOpen = el.matches(":popover-open");
    if (newest && toasts.length) {
      // again, so it is the top layer's newest: above a dialog opened since
      if (isOpen) el.hidePopover();
      el.showPopover();
    } else if (isOpen) el.hidePopover();
  }, [newest, toasts.length]);
  return (
    <div
      ref={box}
      popover="manual"
      className="pointer-events-none fixed inset-x-0 top-auto bottom-0 m-0 h-auto w-full overflow-visible border-0 bg-transparent p-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] sm:p-5"
    >
      <div className="flex flex-col items-center gap-2 sm:items-end">
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.kind === "error" ? "alert" : "status"}
            data-testid="admin-toast"
            data-kind={t.kind}
            className={`pointer-events-auto flex w-full max-w-sm items-start gap-2 rounded-xl px-4 py-3 text-sm shadow-lg ${LOOKS[t.kind]}`}
          >
            <p className="min-w-0 flex-1 break-words">{t.text}</p>
            <button type="button" onClick={() => store.dismiss(t.id)} aria-label={tr("common.dismiss")} className="-m-1 rounded p-1 opacity-80 outline-none hover:opacity-100 focus-visible:ring-2 focus-visible:ring-white">
              <CloseIcon className="h-4 w-4" />
            </button>
          </div>
        ))}
      </div>
    </div>
  );
}
