// A transaction on the driver itself, below drizzle, for the one path where drizzle's per-value
// query building was most of the CPU a message cost (support sends: see bench/README.md).
// Statements have fixed text — rows go in as arrays through unnest() — so PostgreSQL parses and
// plans each once per connection (prepared), whatever the batch size. Same SQL on PGlite.
//
// On PostgreSQL the transaction is pipelined: BEGIN travels in the same write as the first
// statement, and COMMIT in the same write as the last (`tx.commitWith`), so a transaction of
// three statements costs two round trips instead of five. Under load every round trip is a
// wake-up of a PostgreSQL backend and a turn of the event loop (bench/README.md, "batch").
import type { Db } from "./client";

export type RawQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export interface RawTx {
  query: RawQuery;
  /** the transaction's last statement, sent together with COMMIT; resolves once both succeeded */
  commitWith: RawQuery;
}

// postgres.js queries are lazy: sent on execute() (or the first then/catch), in that order
type Unsafe = (q: string, p?: unknown[], o?: { prepare: boolean }) => Promise<unknown[]> & { execute(): unknown };
type PostgresJs = { reserve(): Promise<{ unsafe: Unsafe; release(): void }>; unsafe: Unsafe };
type PGliteLike = { transaction<T>(fn: (tx: { query(q: string, p: unknown[]): Promise<{ rows: unknown[] }> }) => Promise<T>): Promise<T>; query(q: string, p: unknown[]): Promise<{ rows: unknown[] }> };

const clientOf = (db: Db) => (db as unknown as { $client: PostgresJs | PGliteLike }).$client;

/**
 * Runs `fn` in one transaction. `fn` must end with `tx.commitWith(lastStatement)`; returning
 * without it (or throwing) rolls the transaction back.
 */
export async function rawTransaction<T>(db: Db, fn: (tx: RawTx) => Promise<T>): Promise<T> {
  const client = clientOf(db);
  if ("reserve" in client) {
    const conn = await client.reserve();
    let open = true;
    // not awaited: postgres.js writes it in the same chunk as the statement that follows
    const begin = conn.unsafe("begin");
    begin.execute();
    begin.catch(() => {}); // reported through the statements that wait for it
    const run: RawQuery = async (text, params = []) => {
      const q = conn.unsafe(text, params, { prepare: true });
      q.execute();
      return (await Promise.all([begin, q]))[1] as never;
    };
    try {
      const result = await fn({
        query: run,
        commitWith: async (text, params = []) => {
          const last = conn.unsafe(text, params, { prepare: true });
          last.execute();
          const commit = conn.unsafe("commit");
          commit.execute();
          const [b, l, c] = await Promise.allSettled([begin, last, commit]);
          open = false; // COMMIT ends the transaction either way: after a failed statement it rolls back
          // the first failure is the one to report (COMMIT after a failed statement answers ROLLBACK)
          for (const r of [b, l, c]) if (r.status === "rejected") throw r.reason;
          const tag = (c as PromiseFulfilledResult<unknown>).value as { command?: string };
          if (tag.command && tag.command.toUpperCase() !== "COMMIT") throw new Error(`transaction did not commit (${tag.command})`);
          return (l as PromiseFulfilledResult<unknown>).value as never;
        },
      });
      if (open) throw new Error("rawTransaction: fn returned without commitWith");
      return result;
    } catch (err) {
      if (open) await conn.unsafe("rollback").catch(() => {});
      throw err;
    } finally {
      conn.release();
    }
  }
  return client.transaction(async (tx) => {
    const query: RawQuery = async (text, params = []) => (await tx.query(text, params)).rows as never;
    let committed = false;
    const result = await fn({
      query,
      commitWith: async (text, params) => {
        const rows = await query(text, params);
        committed = true; // PGlite commits when this callback returns
        return rows as never;
      },
    });
    if (!committed) throw new Error("rawTransaction: fn returned without commitWith");
    return result;
  });
}

/** one statement outside any transaction (prepared on PostgreSQL) */
export async function rawQuery<T = Record<string, unknown>>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  const client = clientOf(db);
  if ("reserve" in client) return (await client.unsafe(text, params, { prepare: true })) as T[];
  return (await client.query(text, params)).rows as T[];
}
