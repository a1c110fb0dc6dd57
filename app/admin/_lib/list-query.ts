// One admin list: its query (search text, filters, page), the rows the server gave for it, and
// whether it is loading or failed. Framework-free (read through useSyncExternalStore), so the
// rules are tested without React:
// - a newer question wins: an answer to an older one is dropped (typing fast, paging fast);
// - typing waits a moment (`searchDelayMs`) before asking; a filter or page change asks at once;
// - a new search or filter goes back to page 1;
// - the last answer stays on screen while the next is asked for (no skeleton flashing per key);
// - a failed refresh of the same query (polling, after an action) keeps its rows, the error
//   beside them; a failed new query (search, filter, page) shows the error instead of rows that
//   answered another question.
// Lists the server pages (members, reports) fetch one page; lists it answers whole (rooms,
// mutes) are paged here with `pageLocally`.

export interface ListParams<F> {
  search: string;
  filter: F;
  /** 1-based */
  page: number;
}

export interface ListPage<R> {
  rows: R[];
  /** rows matching the query on every page */
  total: number;
}

export interface ListSnapshot<R, F> {
  params: ListParams<F>;
  rows: R[];
  total: number;
  pageSize: number;
  /** nothing answered yet (the first load) */
  loading: boolean;
  /** asking again (a new query, a page, a refresh) while the last answer stays on screen */
  refreshing: boolean;
  error: string | null;
  /** when the rows on screen were answered (0: never) */
  loadedAt: number;
}

export interface ListQueryOptions<R, F> {
  fetch(params: ListParams<F>, pageSize: number): Promise<ListPage<R>>;
  initialFilter: F;
  pageSize?: number;
  searchDelayMs?: number;
  /** the words for an error (the server's message, already localized) */
  errorText?(err: unknown): string;
  /** told about every failure (the portal's session watches for -1003) */
  onError?(err: unknown): void;
  now?(): number;
}

export const DEFAULT_PAGE_SIZE = 20;
const DEFAULT_SEARCH_DELAY_MS = 300;

export class ListQuery<R, F> {
  private snap: ListSnapshot<R, F>;
  private listeners = new Set<() => void>();
  private seq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(private opts: ListQueryOptions<R, F>) {
    this.snap = {
      params: { search: "", filter: opts.initialFilter, page: 1 },
      rows: [],
      total: 0,
      pageSize: opts.pageSize ?? DEFAULT_PAGE_SIZE,
      loading: true,
      refreshing: false,
      error: null,
      loadedAt: 0,
    };
  }

  subscribe = (cb: () => void) => {
    this.listeners.add(cb);
    return () => void this.listeners.delete(cb);
  };

  getSnapshot = () => this.snap;

  get pageCount(): number {
    return Math.max(1, Math.ceil(this.snap.total / this.snap.pageSize));
  }

  /** the first load */
  start() {
    this.disposed = false;
    void this.load(true);
    return this;
  }

  /** stop: timers cleared, answers still on their way dropped (start() again to go on) */
  dispose() {
    this.disposed = true;
    this.clearSearchTimer();
  }

  setSearch(search: string) {
    if (search === this.snap.params.search) return;
    this.patch({ params: { ...this.snap.params, search, page: 1 } });
    this.clearSearchTimer();
    const delay = this.opts.searchDelayMs ?? DEFAULT_SEARCH_DELAY_MS;
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null;
      void this.load(false);
    }, delay);
  }

  /** ask for the typed search now (Enter) */
  submitSearch() {
    this.clearSearchTimer();
    void this.load(false);
  }

  setFilter(filter: F) {
    this.clearSearchTimer();
    this.patch({ params: { ...this.snap.params, filter, page: 1 } });
    void this.load(false);
  }

  setPage(page: number) {
    const p = Math.min(Math.max(1, Math.floor(page)), this.pageCount);
    if (p === this.snap.params.page) return;
    this.patch({ params: { ...this.snap.params, page: p } });
    void this.load(false);
  }

  /** ask again for the same query (polling, after an action) */
  refresh() {
    return this.load(true);
  }

  /** change rows on screen at once (after an action), until the next answer */
  updateRows(fn: (rows: R[]) => R[]) {
    this.patch({ rows: fn(this.snap.rows) });
  }

  /** `same`: the query on screen again, so its rows stay right even if this fails */
  private async load(same: boolean) {
    const seq = ++this.seq;
    const params = this.snap.params;
    this.patch(this.snap.loadedAt ? { refreshing: true } : { loading: true, error: null });
    try {
      const page = await this.opts.fetch(params, this.snap.pageSize);
      if (seq !== this.seq || this.disposed) return;
      this.patch({ rows: page.rows, total: page.total, loading: false, refreshing: false, error: null, loadedAt: this.opts.now?.() ?? Date.now() });
      // the list shrank under the page we are on (rows deleted elsewhere): go to its last page
      if (params.page > 1 && page.rows.length === 0 && page.total > 0) this.setPage(this.pageCount);
    } catch (err) {
      if (seq !== this.seq || this.disposed) return;
      this.opts.onError?.(err);
      const error = this.opts.errorText?.(err) ?? (err instanceof Error ? err.message : String(err));
      this.patch(same && this.snap.loadedAt ? { refreshing: false, error } : { loading: false, refreshing: false, error, rows: [], total: 0 });
    }
  }

  private clearSearchTimer() {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = null;
  }

  private patch(p: Partial<ListSnapshot<R, F>>) {
    if (this.disposed) return;
    this.snap = { ...this.snap, ...p };
    for (const l of this.listeners) l();
  }
}

/** one page of a list the server answers whole */
export function pageLocally<R>(all: R[], page: number, pageSize: number): ListPage<R> {
  const start = (page - 1) * pageSize;
  return { rows: all.slice(start, start + pageSize), total: all.length };
}
