"use client";
// The actions of one message (copy, recall, delete for me, report): a "⋯" button that shows on hover
// and keyboard focus (desktop), a long press or right click (phone, mouse), a small menu with
// arrow keys, Esc and outside clicks to close, and an inline confirmation for deleting.
// What is offered comes from the store's answer to the server's viewerCan — never re-derived.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { t, type UiLocale } from "../../_lib/i18n";

export interface MenuAction {
  id: "copy" | "recall" | "delete" | "report";
  label: string;
  danger?: boolean;
  /** asks before it runs (the question) */
  confirm?: string;
  run(): void | Promise<void>;
}

const LONG_PRESS_MS = 450;
const MOVE_TOLERANCE_PX = 10;

/**
 * Wraps a bubble: long press (touch) and right click open the menu; the trigger button sits
 * beside the bubble. Renders nothing extra when there are no actions.
 */
export function MessageMenu(p: {
  actions: MenuAction[];
  locale: UiLocale;
  mine: boolean;
  testId: string;
  children: ReactNode;
}) {
  const { actions, locale, mine } = p;
  const [open, setOpen] = useState(false);
  const [upward, setUpward] = useState(false);
  const [confirming, setConfirming] = useState<MenuAction | null>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const press = useRef<{ timer: ReturnType<typeof setTimeout>; x: number; y: number } | null>(null);
  /** a long press opened the menu: the click that ends it must not also follow a link */
  const swallowClick = useRef(false);
  const menuId = useId();

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    setConfirming(null);
    if (refocus) trigger.current?.focus();
  }, []);

  const show = useCallback(() => {
    // open upwards when the bubble is in the lower part of the screen, so the menu is not cut off
    const r = wrap.current?.getBoundingClientRect();
    setUpward(!!r && r.bottom > window.innerHeight * 0.6);
    setConfirming(null);
    setOpen(true);
  }, []);

  useEffect(() => {
    if (!open) return;
    const first = menu.current?.querySelector<HTMLElement>("[role=menuitem]");
    first?.focus();
    const onDown = (e: PointerEvent) => {
      if (!wrap.current?.contains(e.target as Node)) close(false);
    };
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        close(true);
      }
    };
    document.addEventListener("pointerdown", onDown, true);
    document.addEventListener("keydown", onKey, true);
    return () => {
      document.removeEventListener("pointerdown", onDown, true);
      document.removeEventListener("keydown", onKey, true);
    };
  }, [open, close, confirming]);

  if (!actions.length) return <>{p.children}</>;

  const onPointerDown = (e: React.PointerEvent) => {
    if (e.pointerType !== "touch") return;
    const x = e.clientX;
    const y = e.clientY;
    press.current = {
      x,
      y,
      timer: setTimeout(() => {
        press.current = null;
        swallowClick.current = true;
        navigator.vibrate?.(10);
        show();
      }, LONG_PRESS_MS),
    };
  };
  const cancelPress = () => {
    if (press.current) clearTimeout(press.current.timer);
    press.current = null;
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const pr = press.current;
    if (pr && (Math.abs(e.clientX - pr.x) > MOVE_TOLERANCE_PX || Math.abs(e.clientY - pr.y) > MOVE_TOLERANCE_PX)) cancelPress();
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = items[(i + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
      next?.focus();
    } else if (e.key === "Home") {
      e.preventDefault();
      items[0]?.focus();
    } else if (e.key === "End") {
      e.preventDefault();
      items[items.length - 1]?.focus();
    } else if (e.key === "Tab") {
      close(false);
    }
  };

  const choose = (a: MenuAction) => {
    if (a.confirm && confirming !== a) return setConfirming(a);
    close(true);
    void a.run();
  };

  return (
    <div
      ref={wrap}
      className={`group/msg relative flex max-w-full items-center gap-1 ${mine ? "flex-row-reverse" : "flex-row"}`}
      onPointerDown={onPointerDown}
      onPointerUp={cancelPress}
      onPointerCancel={cancelPress}
      onPointerLeave={cancelPress}
      onPointerMove={onPointerMove}
      onClickCapture={(e) => {
        if (swallowClick.current) {
          swallowClick.current = false;
          e.preventDefault();
          e.stopPropagation();
        }
      }}
      onContextMenu={(e) => {
        // right click, or the long press Android turns into a context menu; players keep their own
        if ((e.target as HTMLElement).closest("audio,video")) return;
        e.preventDefault();
        cancelPress();
        show();
      }}
    >
      <div className="min-w-0 [-webkit-touch-callout:none]">{p.children}</div>
      <button
        ref={trigger}
        type="button"
        data-testid={`${p.testId}-menu-button`}
        aria-label={t(locale, "msg.actions")}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : show())}
        className={`flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-slate-500 outline-none hover:bg-slate-200 hover:text-slate-800 focus-visible:opacity-100 focus-visible:ring-2 focus-visible:ring-indigo-500 ${
          open ? "opacity-100" : "opacity-0 group-hover/msg:opacity-100"
        } [@media(hover:none)]:hidden`}
      >
        <svg aria-hidden viewBox="0 0 24 24" className="h-4 w-4" fill="currentColor">
          <circle cx="5" cy="12" r="1.8" />
          <circle cx="12" cy="12" r="1.8" />
          <circle cx="19" cy="12" r="1.8" />
        </svg>
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={t(locale, "msg.actions")}
          data-testid={`${p.testId}-menu`}
          onKeyDown={onMenuKey}
          className={`absolute z-30 w-max max-w-[16rem] min-w-40 rounded-xl bg-white py-1 text-sm text-slate-800 shadow-lg ring-1 ring-slate-200 ${
            mine ? "right-0" : "left-0"
          } ${upward ? "bottom-full mb-1" : "top-full mt-1"}`}
        >
          {confirming ? (
            <div className="px-3 py-2">
              <p className="mb-2 text-slate-700">{confirming.confirm}</p>
              <div className="flex justify-end gap-1">
                <button
                  type="button"
                  role="menuitem"
                  onClick={() => close(true)}
                  className="rounded-lg px-3 py-1.5 font-medium text-slate-700 outline-none hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-indigo-500"
                >
                  {t(locale, "msg.cancel")}
                </button>
                <button
                  type="button"
                  role="menuitem"
                  data-testid={`${p.testId}-menu-confirm`}
                  onClick={() => choose(confirming)}
                  className="rounded-lg bg-red-600 px-3 py-1.5 font-medium text-white outline-none hover:bg-red-700 focus-visible:ring-2 focus-visible:ring-red-400 focus-visible:ring-offset-1"
                >
                  {confirming.label}
                </button>
              </div>
            </div>
          ) : (
            actions.map((a) => (
              <button
                key={a.id}
                type="button"
                role="menuitem"
                data-testid={`${p.testId}-action-${a.id}`}
                onClick={() => choose(a)}
                className={`flex w-full items-center px-3 py-2 text-left outline-none hover:bg-slate-100 focus-visible:bg-slate-100 ${a.danger ? "text-red-700" : ""}`}
              >
                {a.label}
              </button>
            ))
          )}
        </div>
      )}
    </div>
  );
}
