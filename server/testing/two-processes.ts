// Test helper (vitest only): two Parley processes over one PostgreSQL and Redis.
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Database } from "../../db/client";
import { startParleyProcess } from "./harness";

/**
 * Two Parley processes on one PostgreSQL and Redis, started before the describe block's tests
 * and stopped after them, plus a database handle of the test's own (for factories). Call it
 * inside `describe.skipIf(...)` (it needs DATABASE_URL and REDIS_URL).
 */
export function useTwoProcesses(env: Record<string, string>) {
  const world = {} as { a: Awaited<ReturnType<typeof startParleyProcess>>; b: Awaited<ReturnType<typeof startParleyProcess>>; database: Database };
  beforeAll(async () => {
    world.database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
    [world.a, world.b] = await Promise.all([startParleyProcess(env), startParleyProcess(env)]);
  }, 60_000);
  afterAll(async () => {
    for (const p of [world.a, world.b]) p?.child.kill("SIGTERM");
    await Promise.all([world.a?.exited, world.b?.exited]);
    await world.database?.close();
  });
  return world;
}
