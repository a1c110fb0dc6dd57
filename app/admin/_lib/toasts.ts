// The portal's toasts: what an action did ("Room renamed") or why it failed (the server's
// words). Newest last, at most a few at once, each gone after a while; errors stay longer.
// Framework-free, read through useSyncExternalStore.

export type ToastKind = "success" | "error" | "info";

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

/** more than this on screen at once and the oldest goes */
export const MAX_TOASTS = 3;
/** how long a toast stays: long enough to read a sentence; an error a little longer */
export const TOAST_MS: Record<ToastKind, number> = { success: 4_000, info: 5_000, error: 8_000 };

export class ToastStore {
  private toasts: readonly Toast[] = [];
  private listeners = new Set<() => void>();
  private timers = new Map<number, ReturnType<typeof setTimeout>>();
  private seq = 0;

  subscribe = (cb: () => void) => {
    this.listeners.add(cb);
    return () => void this.listeners.delete(cb);
  };

  getSnapshot = () => this.toasts;

  show(kind: ToastKind, text: string): number {
    const id = ++this.seq;
    let next = [...this.toasts, { id, kind, text }];
    while (next.length > MAX_TOASTS) {
      this.clearTimer(next[0].id);
      next = next.slice(1);
    }
    this.set(next);
    this.timers.set(
      id,
      setTimeout(() => this.dismiss(id), TOAST_MS[kind]),
    );
    return id;
  }

  success = (text: string) => this.show("success", text);
  error = (text: string) => this.show("error", text);
  info = (text: string) => this.show("info", text);

  dismiss = (id: number) => {
    this.clearTimer(id);
    if (this.toasts.some((t) => t.id === id)) this.set(this.toasts.filter((t) => t.id !== id));
  };

  dispose() {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.listeners.clear();
  }

  private clearTimer(id: number) {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
  }

  private set(next: readonly Toast[]) {
    this.toasts = next;
    for (const l of this.listeners) l();
  }
}
