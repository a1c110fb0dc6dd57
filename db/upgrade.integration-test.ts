// A database made by the release before the member messenger (migrations 0000–0003) upgrades in
// place: its support conversations, messages, read state, accounts and tokens all work after
// today's migrations run at start. On PostgreSQL (DATABASE_URL) in a database of its own; on
// PGlite in a data folder.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { newToken, sha256 } from "../server/crypto";
import { startParley, type Parley } from "../server/runtime";
import { TestSocket, trpc } from "../server/testing/harness";

/** the last migration of that release */
const OLD_LAST = "0003_upload_used_at";
const migrations = path.join(import.meta.dirname, "migrations");

/** a copy of the migrations folder that stops at OLD_LAST */
function oldMigrations(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "parley-old-migrations-"));
  cpSync(migrations, dir, { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(dir, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === OLD_LAST) + 1);
  writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify(journal));
  return dir;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** the old release's schema, with a shop, an agent, a visitor and a conversation with history and read state */
async function oldDatabase(): Promise<{ databaseUrl?: string; dataDir?: string; exec: (q: string) => Promise<void> }> {
  const folder = oldMigrations();
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  if (process.env.DATABASE_URL) {
    const name = `parley_upgrade_${Date.now().toString(36)}_${process.pid}`;
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    await migrate(drizzle(client), { migrationsFolder: folder });
    cleanups.push(async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    });
    return {
      databaseUrl: url.toString(),
      exec: async (q) => {
        await client.unsafe(q);
      },
      ...{ close: () => client.end() },
    };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-upgrade-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  // Parley keeps its PGlite database in <data dir>/pglite
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const client = new PGlite(path.join(dataDir, "pglite"));
  await migrate(drizzle(client), { migrationsFolder: folder });
  return { dataDir, exec: async (q) => void (await client.exec(q)), ...{ close: () => client.close() } };
}

describe("upgrading a database from the release before the member messenger", () => {
  it("keeps its conversations, messages, read state, accounts and tokens working", async () => {
    const old = (await oldDatabase()) as Awaited<ReturnType<typeof oldDatabase>> & { close: () => Promise<void> };
    const agentToken = newToken("pm");
    const visitorToken = newToken("pv");
    const t = Date.now() - 60_000;
    // what the old release wrote: two accounts, a site served by one of them, a visitor with a
    // token, a conversation of 5 messages — the agent read up to the 3rd, the visitor all of them
    await old.exec(`
      insert into users (id, mobile, password_hash, nickname, role, created_at) values
        (1, '19900000001', '', 'Old Agent', 'member', ${t}), (2, '19900000002', '', 'Old Admin', 'admin', ${t});
      select setval('users_id_seq', 2);
      insert into api_tokens (user_id, token_hash, device, created_at) values (1, '${sha256(agentToken)}', 'web', ${t});
      insert into sites (id, key, name, secret, allowed_origins, created_at) values (1, 'old-site', 'Old Shop', 'secret', '[]', ${t});
      insert into site_agents (site_id, user_id, role) values (1, 1, 'agent');
      insert into visitors (id, site_id, name, created_at, last_seen_at) values (1, 1, 'Old Visitor', ${t}, ${t});
      insert into visitor_sessions (visitor_id, token_hash, created_at, expires_at) values (1, '${sha256(visitorToken)}', ${t}, ${t + 86_400_000});
      insert into support_conversations (id, site_id, visitor_id, status, agent_id, created_at) values (1, 1, 1, 'open', 1, ${t});
      insert into messages (id, channel_type, target_id, from_type, from_id, client_msg_id, msg_type, msg, sender_name, created_at) values
        (1, 4, 1, 'visitor', 1, 'a', 1, '{"content":"one"}', 'Old Visitor', ${t}),
        (2, 4, 1, 'member', 1, 'b', 1, '{"content":"two"}', 'Old Agent', ${t + 1}),
        (3, 4, 1, 'visitor', 1, 'c', 1, '{"content":"three"}', 'Old Visitor', ${t + 2}),
        (4, 4, 1, 'visitor', 1, 'd', 1, '{"content":"four"}', 'Old Visitor', ${t + 3}),
        (5, 4, 1, 'visitor', 1, 'e', 1, '{"content":"five"}', 'Old Visitor', ${t + 4});
      select setval('messages_id_seq', 5);
      update support_conversations set last_message_id = 5, last_message_at = ${t + 4}, agent_read_id = 3, agent_unread = 2, visitor_read_id = 5 where id = 1;
    `);
    await old.close();

    const parley: Parley = await startParley({ withNext: false, port: 0, host: "127.0.0.1", demo: "0", redisUrl: "", databaseUrl: old.databaseUrl ?? "", dataDir: old.dataDir ?? "memory://" });
    cleanups.push(() => parley.close());

    // accounts got distinct public markIds, and their tokens still work
    const me = await trpc(parley.url, "user.tokenLogin", {}, { bearer: agentToken });
    expect(me).toMatchObject({ ok: true, data: { id: "1", username: "Old Agent" } });
    expect((me.data as { uid: string }).uid).toMatch(/^[0-9]{8}$/);
    // the inbox: the conversation, its unread count and read pointers as they were
    const inbox = await trpc(parley.url, "support.chatList", { tab: "mine" }, { bearer: agentToken, query: true });
    expect((inbox.data as { conversations: unknown[] }).conversations).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: "1", unread: 2, agentReadId: "3", visitorReadId: "5" })]),
    );
    // the history, in order, for both sides
    const log = await trpc(parley.url, "support.chatLog", { id: "1", number: 10 }, { bearer: visitorToken, query: true });
    expect((log.data as { logs: { msg: { content: string } }[] }).logs.map((l) => l.msg.content)).toEqual(["one", "two", "three", "four", "five"]);
    // and it goes on: a new message gets the next logId, catch-up after the old ones finds it
    const ws = await TestSocket.open(parley.url, visitorToken);
    const ack = (await ws.request({ eventType: 0, msgId: "after-upgrade", channelType: 4, targetId: "1", msgType: 1, msg: { content: "six" } })) as { logId: string };
    expect(Number(ack.logId)).toBeGreaterThan(5);
    const caught = await trpc(parley.url, "support.chatLog", { id: "1", afterId: "5", number: 500 }, { bearer: agentToken, query: true });
    expect((caught.data as { logs: { logId: string }[] }).logs.map((l) => l.logId)).toEqual([ack.logId]);
    await ws.close();
    const read = await trpc(parley.url, "support.markRead", { id: "1" }, { bearer: agentToken });
    expect(read).toMatchObject({ ok: true, data: { unread: 0 } });
  });
});
