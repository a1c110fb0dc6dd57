// Prepared statements for the hot paths. drizzle builds a query's SQL anew on every call and
// sends it unprepared (PostgreSQL parses and plans it every time); a `.prepare(name)`d query
// is built once and, on PostgreSQL, parsed and planned once per connection. They are bound to
// one database handle (or transaction), so they are kept per handle (tests run several in one process).
import type { DbOrTx } from "./client";

const byDb = new WeakMap<DbOrTx, Map<string, unknown>>();

export function preparedFor<T>(db: DbOrTx, name: string, build: () => T): T {
  let statements = byDb.get(db);
  if (!statements) byDb.set(db, (statements = new Map()));
  let q = statements.get(name) as T | undefined;
  if (!q) statements.set(name, (q = build()));
  return q;
}
