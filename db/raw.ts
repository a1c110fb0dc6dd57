// A transaction on the driver itself, below drizzle, for the one path where drizzle's per-value
// query building was most of the CPU a message cost (support sends: see bench/README.md).
// Statements have fixed text — rows go in as arrays through unnest() — so PostgreSQL parses and
// plans each once per connection (prepared), whatever the batch size. Same SQL on PGlite.
import type { Db } from "./client";

export type RawQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

type PostgresJs = { begin<T>(fn: (tx: { unsafe(q: string, p: unknown[], o: { prepare: boolean }): Promise<unknown[]> }) => Promise<T>): Promise<T> };
type PGliteLike = { transaction<T>(fn: (tx: { query(q: string, p: unknown[]): Promise<{ rows: unknown[] }> }) => Promise<T>): Promise<T> };

export async function rawTransaction<T>(db: Db, fn: (query: RawQuery) => Promise<T>): Promise<T> {
  const client = (db as unknown as { $client: PostgresJs | PGliteLike }).$client;
  if ("begin" in client) {
    return client.begin((tx) => fn(async (text, params = []) => (await tx.unsafe(text, params, { prepare: true })) as never));
  }
  return client.transaction((tx) => fn(async (text, params = []) => (await tx.query(text, params)).rows as never));
}
