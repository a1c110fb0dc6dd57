// Statements on the driver itself, below drizzle, for the one path where drizzle's per-value
// query building was most of the CPU a message cost (support sends: see bench/README.md).
// Statements have fixed text — rows go in as one JSON document — so PostgreSQL parses and plans
// each once per connection (prepared), whatever the batch size. Same SQL on PGlite.
import type { DbOrTx } from "./client";

export type RawQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

type PostgresJs = { unsafe(q: string, p?: unknown[], o?: { prepare: boolean }): Promise<unknown[]> };
type PGliteLike = { query(q: string, p: unknown[]): Promise<{ rows: unknown[] }> };

/** one statement, in its own transaction, or in the one `db` is (prepared on PostgreSQL) */
export async function rawQuery<T = Record<string, unknown>>(db: DbOrTx, text: string, params: unknown[] = []): Promise<T[]> {
  // a database handle carries its driver as $client; a transaction, in its session
  const handle = db as unknown as { $client?: PostgresJs | PGliteLike; session?: { client: PostgresJs | PGliteLike } };
  const client = handle.$client ?? handle.session!.client;
  if ("unsafe" in client) return (await client.unsafe(text, params, { prepare: true })) as T[];
  return (await client.query(text, params)).rows as T[];
}
