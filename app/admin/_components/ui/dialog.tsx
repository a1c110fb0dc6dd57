"use client";
// Modal dialogs on the browser's own <dialog> (showModal): the page behind is inert, Tab stays
// inside, Escape closes. On open the field or button marked `data-autofocus` takes the focus
// (else the browser's first focusable); on close it goes back to what had it before — the
// button that opened the dialog. Three shapes: a centered box, a sheet from the right (a
// room's people, a report; full screen on a phone) and the phone's navigation drawer.
import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from "react";
import { btn } from "./buttons";
import { CloseIcon } from "./icons";

type Shape = "box" | "sheet" | "drawer";

const SHAPES: Record<Shape, string> = {
  box: "m-auto w-[calc(100%-2rem)] max-w-md rounded-2xl",
  sheet: "m-0 ml-auto h-dvh max-h-none w-full max-w-none sm:max-w-2xl sm:rounded-l-2xl",
  drawer: "m-0 h-dvh max-h-none w-72 max-w-[85vw]",
};

export function Dialog(p: {
  open: boolean;
  onClose(): void;
  title: string;
  /** one line under the title */
  description?: ReactNode;
  children?: ReactNode;
  /** the buttons at the bottom (right-aligned; stacked on a phone) */
  footer?: ReactNode;
  shape?: Shape;
  closeLabel: string;
  testId: string;
  /** a busy dialog (saving) does not close on Escape or a click outside */
  busy?: boolean;
  /** a drawer has its own header */
  hideHeader?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(p.onClose);
  const busyRef = useRef(p.busy);
  useLayoutEffect(() => {
    onCloseRef.current = p.onClose;
    busyRef.current = p.busy;
  });

  useLayoutEffect(() => {
    const dlg = ref.current;
    if (!p.open || !dlg) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dlg.open) dlg.showModal();
    dlg.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => {
      if (dlg.open) dlg.close();
      // back to the button that opened it, if it is still on the page
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, [p.open]);

  // Escape: the browser's cancel event; we close through the parent so its state says closed
  useEffect(() => {
    const dlg = ref.current;
    if (!dlg) return;
    const onCancel = (e: Event) => {
      e.preventDefault();
      if (!busyRef.current) onCloseRef.current();
    };
    dlg.addEventListener("cancel", onCancel);
    return () => dlg.removeEventListener("cancel", onCancel);
  }, [p.open]);

  if (!p.open) return null;
  const shape = p.shape ?? "box";
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={p.description ? descId : undefined}
      data-testid={p.testId}
      // a click on the backdrop (the dialog element itself, outside its content) closes it
      onMouseDown={(e) => {
        if (e.target === e.currentTarget && !p.busy) p.onClose();
      }}
      className={`${SHAPES[shape]} overflow-hidden bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40 open:flex open:flex-col`}
    >
      {!p.hideHeader ? (
        <header className="flex shrink-0 items-start gap-3 border-b border-slate-100 px-5 pt-[max(1rem,env(safe-area-inset-top))] pb-3">
          <div className="min-w-0 flex-1">
            <h2 id={titleId} className="text-base font-semibold break-words">
              {p.title}
            </h2>
            {p.description && (
              <div id={descId} className="mt-0.5 text-sm text-slate-500">
                {p.description}
              </div>
            )}
          </div>
          <button type="button" onClick={p.onClose} disabled={p.busy} aria-label={p.closeLabel} title={p.closeLabel} data-testid={`${p.testId}-close`} className={`${btn.icon} -mt-1 -mr-2 h-9 w-9`}>
            <CloseIcon />
          </button>
        </header>
      ) : (
        <h2 id={titleId} className="sr-only">
          {p.title}
        </h2>
      )}
      <div className="min-h-0 flex-1 overflow-y-auto">{p.children}</div>
      {p.footer && (
        <footer className="flex shrink-0 flex-col-reverse gap-2 border-t border-slate-100 px-5 py-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] sm:flex-row sm:justify-end">{p.footer}</footer>
      )}
    </dialog>
  );
}

/**
 * "Are you sure?" for a destructive action: what will happen in words, Cancel (focused: Enter
 * does nothing harmful) and the action, red when it cannot be undone.
 */
export function ConfirmDialog(p: {
  open: boolean;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  closeLabel: string;
  busy?: boolean;
  danger?: boolean;
  testId: string;
  onConfirm(): void;
  onCancel(): void;
  /** extra content (a reason, a duration) between the text and the buttons */
  children?: ReactNode;
}) {
  return (
    <Dialog
      open={p.open}
      onClose={p.onCancel}
      title={p.title}
      closeLabel={p.closeLabel}
      testId={p.testId}
      busy={p.busy}
      footer={
        <>
          <button type="button" data-autofocus onClick={p.onCancel} disabled={p.busy} className={btn.secondary} data-testid={`${p.testId}-cancel`}>
            {p.cancelLabel}
          </button>
          <button type="button" onClick={p.onConfirm} disabled={p.busy} className={p.danger ? btn.danger : btn.primary} data-testid={`${p.testId}-confirm`}>
            {p.confirmLabel}
          </button>
        </>
      }
    >
      <div className="space-y-3 px-5 py-4 text-sm text-slate-700">
        <div>{p.body}</div>
        {p.children}
      </div>
    </Dialog>
  );
}
