// Group commit for the messages of every channel. Senders that arrive while earlier batches are
// being written wait together and share one statement per kind of channel: it locks their
// conversations (support conversations, or member-channel threads), stores the messages, updates
// the conversations, and commits (one WAL flush) — one round trip for the whole batch instead of
// several and a commit per message. Nothing is acknowledged before its batch has committed.
//
// What differs between channels is the statement (the `BatchWriter`): support decides routing
// and keeps its counters in the conversation row (support-batch.ts); member channels lock a
// thread row and move its last message and the sender's read pointer (thread-batch.ts). The
// lanes, batching, resends and retries are this file's, once for all.
import type { Db, DbOrTx } from "../../../db/client";
import { AppError } from "../../errors/app-error";
import { ChannelType } from "../../protocol/frames";
import type { Deps } from "../deps";
import { SupportBatch } from "../support/support-batch";
import { ThreadBatch } from "./thread-batch";
import { DEFERRED, STALE, type BatchWriter, type Outcome, type WriteItem, type Written } from "./write-types";

export type { WriteItem, Written } from "./write-types";

/**
 * Batches are written in LANES parallel lanes, a conversation always in the same lane
 * (id mod LANES), one batch in flight per lane: lanes never wait for each other's row locks,
 * so PostgreSQL works on several batches at once instead of queueing them behind one lock.
 */
const LANES = 2;
/** Largest batch: bounds one statement's lock set and size. */
const MAX_BATCH = 512;

type Pending = WriteItem & { resolve: (w: Written) => void; reject: (e: unknown) => void; deferrals?: number; retries?: number };

/**
 * Batches lock with SKIP LOCKED (where the statement supports it): a conversation that another
 * process's batch holds is carried into the next batch instead of making this whole batch (and
 * every sender in it) wait behind that transaction. After this many tries a batch waits like
 * any transaction.
 */
const MAX_DEFERRALS = 3;
/** a conversation that changes under every batch this often is a bug, not traffic */
const MAX_RETRIES = 20;

class Lane {
  queue: Pending[] = [];
  busy = false;
  scheduled = false;
}

export class MessageWriter {
  private lanes = Array.from({ length: LANES }, () => new Lane());
  private support: BatchWriter;
  private threads: BatchWriter;
  private threadBatch: ThreadBatch;
  /** batches written and items in them, for tests and the benchmark */
  readonly stats = { batches: 0, items: 0, largest: 0, deferred: 0, stale: 0, ms: 0 };

  constructor(deps: Deps) {
    this.support = new SupportBatch(deps);
    this.threads = this.threadBatch = new ThreadBatch(deps);
  }

  write(item: WriteItem): Promise<Written> {
    return new Promise((resolve, reject) => {
      const lane = this.lanes[item.targetId % LANES];
      lane.queue.push({ ...item, resolve, reject });
      this.schedule(lane);
    });
  }

  /**
   * One member-channel message inside the caller's transaction, outside the batches (a red
   * packet's message commits with the packet and its debit, or not at all). The same statement
   * as a batch's: the thread's lock, the membership and open-room rule, resends.
   */
  async writeInTransaction(tx: DbOrTx, item: WriteItem): Promise<Written> {
    if (item.channelType === ChannelType.support) throw new Error("support messages are written in batches only");
    const [r] = await this.threadBatch.write([item], false, tx);
    if (r instanceof AppError) throw r;
    if (r === DEFERRED || r === STALE) throw new AppError(-1011);
    return r;
  }

  private writerFor(item: WriteItem): BatchWriter {
    return item.channelType === ChannelType.support ? this.support : this.threads;
  }

  // setImmediate: every frame read in this turn of the event loop joins the same batch; an idle
  // server still writes a lone message at once (no timer, no added latency).
  private schedule(lane: Lane) {
    if (lane.scheduled || lane.busy || lane.queue.length === 0) return;
    lane.scheduled = true;
    setImmediate(() => {
      lane.scheduled = false;
      if (lane.busy || lane.queue.length === 0) return;
      lane.busy = true;
      void this.flush(lane, lane.queue.splice(0, MAX_BATCH)).finally(() => {
        lane.busy = false;
        this.schedule(lane);
      });
    });
  }

  /** each kind of channel's items in one statement of its own, in arrival order */
  private async writeAll(batch: Pending[], skipLocked: boolean): Promise<Outcome[]> {
    const first = this.writerFor(batch[0]);
    if (batch.every((x) => this.writerFor(x) === first)) return first.write(batch, skipLocked);
    const results: Outcome[] = new Array(batch.length);
    for (const w of [this.support, this.threads]) {
      const idx = batch.flatMap((x, i) => (this.writerFor(x) === w ? [i] : []));
      if (idx.length === 0) continue;
      const out = await w.write(idx.map((i) => batch[i]), skipLocked);
      idx.forEach((i, k) => (results[i] = out[k]));
    }
    return results;
  }

  private async flush(lane: Lane, batch: Pending[]) {
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    let results: Outcome[];
    const t0 = performance.now();
    try {
      results = await this.writeAll(batch, batch.every((x) => (x.deferrals ?? 0) < MAX_DEFERRALS));
      this.stats.ms += performance.now() - t0;
    } catch (err) {
      for (const item of batch) this.writerFor(item).forget(item);
      if (batch.length === 1) return batch[0].reject(err);
      // something unexpected (not a rule): write each alone so one bad item cannot sink the rest
      for (const item of batch) {
        await this.writerFor(item)
          .write([item], false)
          .then(
            ([r]) => (r instanceof AppError ? item.reject(r) : r === DEFERRED || r === STALE ? item.reject(new AppError(-1011)) : item.resolve(r)),
            (e) => item.reject(e),
          );
      }
      return;
    }
    const again: Pending[] = [];
    batch.forEach((item, i) => {
      const r = results[i];
      if (r === DEFERRED) {
        this.stats.deferred++;
        again.push({ ...item, deferrals: (item.deferrals ?? 0) + 1 });
      } else if (r === STALE) {
        this.stats.stale++;
        if ((item.retries ?? 0) >= MAX_RETRIES) item.reject(new AppError(-1011));
        else again.push({ ...item, retries: (item.retries ?? 0) + 1 });
      } else if (r instanceof AppError) item.reject(r);
      else item.resolve(r);
    });
    // back to the front of the lane, in their order: nothing overtakes them
    if (again.length) lane.queue.unshift(...again);
  }
}

const writers = new WeakMap<Db, MessageWriter>();
/** one writer per database handle (tests run several Parleys in one process) */
export function messageWriter(deps: Deps): MessageWriter {
  let w = writers.get(deps.db);
  if (!w) writers.set(deps.db, (w = new MessageWriter(deps)));
  return w;
}

