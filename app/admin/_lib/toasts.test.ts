import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_TOASTS, TOAST_MS, ToastStore } from "./toasts";

describe("ToastStore", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("shows toasts in order and each goes by itself; errors stay longer", () => {
    const s = new ToastStore();
    s.success("saved");
    s.error("refused");
    expect(s.getSnapshot().map((t) => t.text)).toEqual(["saved", "refused"]);
    vi.advanceTimersByTime(TOAST_MS.success);
    expect(s.getSnapshot().map((t) => t.text)).toEqual(["refused"]);
    vi.advanceTimersByTime(TOAST_MS.error - TOAST_MS.success);
    expect(s.getSnapshot()).toEqual([]);
  });

  it("keeps a few at most, dropping the oldest; dismiss removes one", () => {
    const s = new ToastStore();
    const ids = Array.from({ length: MAX_TOASTS + 1 }, (_, i) => s.info(`t${i}`));
    expect(s.getSnapshot().map((t) => t.text)).toEqual(Array.from({ length: MAX_TOASTS }, (_, i) => `t${i + 1}`));
    s.dismiss(ids[2]);
    expect(s.getSnapshot().map((t) => t.id)).not.toContain(ids[2]);
  });
});
