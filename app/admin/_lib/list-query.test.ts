import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ListQuery, pageLocally, type ListPage, type ListParams } from "./list-query";

type Call = { params: ListParams<string>; resolve(p: ListPage<string>): void; reject(e: unknown): void };

/** a fetch whose answers the test gives, in any order */
function controlledFetch() {
  const calls: Call[] = [];
  const fetch = (params: ListParams<string>) =>
    new Promise<ListPage<string>>((resolve, reject) => {
      calls.push({ params, resolve, reject });
    });
  return { calls, fetch };
}

/** let settled promises run (timers are fake here) */
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe("ListQuery", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }));
  afterEach(() => vi.useRealTimers());

  it("loads page 1 of the initial filter, then shows its rows", async () => {
    const f = controlledFetch();
    const q = new ListQuery({ fetch: f.fetch, initialFilter: "open", pageSize: 2 }).start();
    expect(q.getSnapshot().loading).toBe(true);
    expect(f.calls[0].params).toEqual({ search: "", filter: "open", page: 1 });
    f.calls[0].resolve({ rows: ["a", "b"], total: 5 });
    await vi.waitFor(() => expect(q.getSnapshot().rows).toEqual(["a", "b"]));
    expect(q.getSnapshot()).toMatchObject({ loading: false, total: 5, error: null });
    expect(q.pageCount).toBe(3);
  });

  it("an answer to an older question is dropped when a newer one was asked", async () => {
    const f = controlledFetch();
    const q = new ListQuery({ fetch: f.fetch, initialFilter: "open" }).start();
    q.setFilter("closed");
    expect(f.calls.map((c) => c.params.filter)).toEqual(["open", "closed"]);
    f.calls[1].resolve({ rows: ["closed-1"], total: 1 });
    await vi.waitFor(() => expect(q.getSnapshot().rows).toEqual(["closed-1"]));
    f.calls[0].resolve({ rows: ["open-1"], total: 1 }); // late
    await flush();
    expect(q.getSnapshot().rows).toEqual(["closed-1"]);
  });

  it("typing waits for a pause, asks once for the last text, and goes back to page 1", async () => {
    const f = controlledFetch();
    const q = new ListQuery({ fetch: f.fetch, initialFilter: "x", pageSize: 1, searchDelayMs: 300 }).start();
    f.calls[0].resolve({ rows: ["a"], total: 3 });
    await vi.waitFor(() => expect(q.getSnapshot().total).toBe(3));
    q.setPage(2);
    expect(f.calls[1].params.page).toBe(2);
    q.setSearch("m");
    q.setSearch("me");
    q.setSearch("mei");
    expect(q.getSnapshot().params).toMatchObject({ search: "mei", page: 1 });
    expect(f.calls).toHaveLength(2);
    vi.advanceTimersByTime(299);
    expect(f.calls).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(f.calls).toHaveLength(3);
    expect(f.calls[2].params).toEqual({ search: "mei", filter: "x", page: 1 });
  });

  it("Enter asks at once and the pending timer does not ask again", () => {
    const f = controlledFetch();
    const q = new ListQuery({ fetch: f.fetch, initialFilter: null, searchDelayMs: 300 }).start();
    q.setSearch("ken");
    q.submitSearch();
    expect(f.calls).toHaveLength(2);
    vi.advanceTimersByTime(1000);
    expect(f.calls).toHaveLength(2);
  });

  it("a failed refresh keeps the rows with the error beside them; a failed new query shows only the error", async () => {
    const f = controlledFetch();
    const onError = vi.fn();
    const q = new ListQuery({ fetch: f.fetch, initialFilter: "a", errorText: (e) => `said: ${(e as Error).message}`, onError }).start();
    f.calls[0].resolve({ rows: ["r1"], total: 1 });
    await vi.waitFor(() => expect(q.getSnapshot().rows).toEqual(["r1"]));

    void q.refresh();
    expect(q.getSnapshot()).toMatchObject({ refreshing: true, rows: ["r1"] });
    f.calls[1].reject(new Error("offline"));
    await vi.waitFor(() => expect(q.getSnapshot().error).toBe("said: offline"));
    expect(q.getSnapshot()).toMatchObject({ rows: ["r1"], refreshing: false });
    expect(onError).toHaveBeenCalledTimes(1);

    q.setFilter("b");
    f.calls[2].reject(new Error("refused"));
    await vi.waitFor(() => expect(q.getSnapshot().error).toBe("said: refused"));
    expect(q.getSnapshot().rows).toEqual([]);
  });

  it("a page past the end after rows went away elsewhere moves to the last page", async () => {
    const f = controlledFetch();
    const q = new ListQuery({ fetch: f.fetch, initialFilter: null, pageSize: 10 }).start();
    f.calls[0].resolve({ rows: Array.from({ length: 10 }, (_, i) => `r${i}`), total: 25 });
    await vi.waitFor(() => expect(q.getSnapshot().total).toBe(25));
    q.setPage(3);
    f.calls[1].resolve({ rows: [], total: 12 });
    await vi.waitFor(() => expect(f.calls).toHaveLength(3));
    expect(f.calls[2].params.page).toBe(2);
  });

  it("page numbers stay within the pages there are", async () => {
    const f = controlledFetch();
    const q = new ListQuery({ fetch: f.fetch, initialFilter: null, pageSize: 10 }).start();
    f.calls[0].resolve({ rows: ["a"], total: 15 });
    await vi.waitFor(() => expect(q.getSnapshot().total).toBe(15));
    q.setPage(9);
    expect(q.getSnapshot().params.page).toBe(2);
    q.setPage(0);
    expect(q.getSnapshot().params.page).toBe(1);
  });

  it("after dispose nothing more is shown", async () => {
    const f = controlledFetch();
    const q = new ListQuery({ fetch: f.fetch, initialFilter: null }).start();
    const seen = vi.fn();
    q.subscribe(seen);
    q.dispose();
    f.calls[0].resolve({ rows: ["late"], total: 1 });
    await flush();
    expect(q.getSnapshot().rows).toEqual([]);
  });
});

describe("pageLocally", () => {
  it("slices one page and counts them all", () => {
    const all = ["a", "b", "c", "d", "e"];
    expect(pageLocally(all, 1, 2)).toEqual({ rows: ["a", "b"], total: 5 });
    expect(pageLocally(all, 3, 2)).toEqual({ rows: ["e"], total: 5 });
    expect(pageLocally(all, 4, 2)).toEqual({ rows: [], total: 5 });
  });
});
