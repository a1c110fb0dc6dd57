// A list read newest first, a page at a time, with "Load more" (a member's ledger by
// `beforeId`, the packets by `before`). Framework-free, read through useSyncExternalStore:
// - a reload (another coin, another member) wins: an answer to an older question is dropped;
// - a page that failed keeps the rows already shown, the error beside them;
// - a row already on screen is not shown twice (a page boundary that moved under us).

export interface FeedPage<R, C> {
  rows: R[];
  /** where the next (older) page starts; null: that was the last */
  next: C | null;
}

export interface CursorFeedSnapshot<R> {
  rows: R[];
  /** the first page is on its way */
  loading: boolean;
  /** a later page is on its way */
  loadingMore: boolean;
  hasMore: boolean;
  error: string | null;
}

export interface CursorFeedOptions<R, C> {
  fetch(cursor: C | null): Promise<FeedPage<R, C>>;
  key(row: R): string;
  errorText?(err: unknown): string;
}

export class CursorFeed<R, C> {
  private snap: CursorFeedSnapshot<R> = { rows: [], loading: true, loadingMore: false, hasMore: false, error: null };
  private listeners = new Set<() => void>();
  private next: C | null = null;
  private seq = 0;
  private disposed = false;

  constructor(private opts: CursorFeedOptions<R, C>) {}

  subscribe = (cb: () => void) => {
    this.listeners.add(cb);
    return () => void this.listeners.delete(cb);
  };
  getSnapshot = () => this.snap;

  /** the first page (again): what was shown goes */
  async reload() {
    const seq = ++this.seq;
    this.disposed = false;
    this.next = null;
    this.patch({ rows: [], loading: true, loadingMore: false, hasMore: false, error: null });
    try {
      const page = await this.opts.fetch(null);
      if (seq !== this.seq || this.disposed) return;
      this.next = page.next;
      this.patch({ rows: page.rows, loading: false, hasMore: page.next !== null });
    } catch (err) {
      if (seq !== this.seq || this.disposed) return;
      this.patch({ loading: false, error: this.text(err) });
    }
  }

  /** the next (older) page, after the rows on screen */
  async more() {
    if (this.snap.loading || this.snap.loadingMore || this.next === null) return;
    const seq = this.seq;
    this.patch({ loadingMore: true, error: null });
    try {
      const page = await this.opts.fetch(this.next);
      if (seq !== this.seq || this.disposed) return;
      const seen = new Set(this.snap.rows.map(this.opts.key));
      this.next = page.next;
      this.patch({ rows: [...this.snap.rows, ...page.rows.filter((r) => !seen.has(this.opts.key(r)))], loadingMore: false, hasMore: page.next !== null });
    } catch (err) {
      if (seq !== this.seq || this.disposed) return;
      this.patch({ loadingMore: false, error: this.text(err) });
    }
  }

  dispose() {
    this.disposed = true;
  }

  private text(err: unknown) {
    return this.opts.errorText?.(err) ?? (err instanceof Error ? err.message : String(err));
  }

  private patch(p: Partial<CursorFeedSnapshot<R>>) {
    if (this.disposed) return;
    this.snap = { ...this.snap, ...p };
    for (const l of this.listeners) l();
  }
}
