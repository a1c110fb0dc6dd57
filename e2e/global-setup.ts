// Creates what the browser tests use — a site whose only allowed origin is the test shop,
// an online agent with a known password and a second one, offline — then starts Parley
// (built, production mode) on the same database, plus two shop servers: one allowed, one not.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { openDatabase } from "../db/client";
import { agentStatus, siteAgents, sites, users } from "../db/schema";
import { hashPassword } from "../server/crypto";
import { createMemoryBus } from "../server/bus/memory-bus";
import { loadConfig } from "../server/config";
import { makeFriends } from "../server/services/friend/make-friends";
import { sendMessage } from "../server/services/messages/send-message";
import { ENV_FILE, LONG_HISTORY, type E2EEnv, type E2EMember } from "./env";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = http.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export default async function globalSetup() {
  const [parleyPort, shopPort, strangerPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-e2e-"));
  const databaseUrl = process.env.DATABASE_URL ?? "";

  // the test's own site and agent, with unique names (CI shares one PostgreSQL between runs)
  const tag = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
  const database = await openDatabase({ databaseUrl, dataDir: path.join(dataDir, "pglite") });
  const t = Date.now();
  const [site] = await database.db
    .insert(sites)
    .values({
      key: `e2e-${tag}`,
      name: "E2E Shop",
      secret: randomBytes(16).toString("hex"),
      allowedOrigins: [`http://127.0.0.1:${shopPort}`],
      greeting: "Welcome to the E2E shop!",
      createdAt: t,
    })
    .returning();
  const agent = { mobile: `166${String(t).slice(-8)}`, password: "e2e-agent-pw", nickname: `Agent ${tag}` };
  const [user] = await database.db
    .insert(users)
    .values({ mobile: agent.mobile, passwordHash: await hashPassword(agent.password), nickname: agent.nickname, createdAt: t })
    .returning();
  await database.db.insert(siteAgents).values({ siteId: site.id, userId: user.id });
  await database.db.insert(agentStatus).values({ userId: user.id, status: "online", updatedAt: t });
  const agent2 = { mobile: `167${String(t).slice(-8)}`, password: "e2e-agent2-pw", nickname: "Hana" };
  const [user2] = await database.db
    .insert(users)
    .values({ mobile: agent2.mobile, passwordHash: await hashPassword(agent2.password), nickname: agent2.nickname, createdAt: t })
    .returning();
  await database.db.insert(siteAgents).values({ siteId: site.id, userId: user2.id });
  await database.db.insert(agentStatus).values({ userId: user2.id, status: "offline", updatedAt: t });
  // two more agents of the site, only for e2e/groups.spec.ts (a team group): offline, so routing never picks them
  const teamAgent = async (prefix: string, nickname: string, password: string) => {
    const mobile = `${prefix}${String(t).slice(-8)}`;
    const [u] = await database.db.insert(users).values({ mobile, passwordHash: await hashPassword(password), nickname, createdAt: t }).returning();
    await database.db.insert(siteAgents).values({ siteId: site.id, userId: u.id });
    await database.db.insert(agentStatus).values({ userId: u.id, status: "offline", updatedAt: t });
    return { id: String(u.id), mobile, password, nickname };
  };
  const teamAgents = { ivy: await teamAgent("168", "Ivy", "e2e-agent3-pw"), joe: await teamAgent("169", "Joe", "e2e-agent4-pw") };

  // the messenger's members (e2e/chat*.spec.ts): Mei and Ken are friends with a little history;
  // Ana and Leo know nobody yet. An admin reads the development SMS outbox.
  const memberPassword = "e2e-member-pw";
  const memberHash = await hashPassword(memberPassword);
  const addMember = async (prefix: string, nickname: string, role: "member" | "admin" = "member"): Promise<E2EMember> => {
    const mobile = `${prefix}${String(t).slice(-8)}`;
    const [u] = await database.db.insert(users).values({ mobile, passwordHash: memberHash, nickname, role, createdAt: t }).returning();
    return { id: String(u.id), markId: u.markId, mobile, password: memberPassword, nickname };
  };
  const members = {
    mei: await addMember("150", "Mei"),
    ken: await addMember("151", "Ken"),
    ana: await addMember("152", "Ana"),
    leo: await addMember("153", "Leo"),
    sam: await addMember("155", "Sam"),
    kim: await addMember("156", "Kim"),
  };
  const admin = await addMember("154", "E2E admin", "admin");
  // groups (e2e/groups.spec.ts) have members of their own: Rin is friends with Tao and Vic; Uma knows nobody
  const groupMembers = {
    rin: await addMember("157", "Rin"),
    tao: await addMember("158", "Tao"),
    uma: await addMember("160", "Uma"),
    vic: await addMember("161", "Vic"),
  };
  // chat rooms (e2e/rooms.spec.ts): members of their own — Pia speaks in rooms an admin opens,
  // Quin signs in from a room's public page
  const roomMembers = { pia: await addMember("173", "Pia"), quin: await addMember("174", "Quin") };
  // red packets (e2e/red-packets.spec.ts): Sol sends, Ora and Eli open
  const packetMembers = { sol: await addMember("181", `Sol ${tag.slice(-4)}`), ora: await addMember("182", `Ora ${tag.slice(-4)}`), eli: await addMember("183", `Eli ${tag.slice(-4)}`) };
  const deps = { db: database.db, bus: createMemoryBus(), config: loadConfig() };
  await database.db.transaction((tx) => makeFriends(tx, Number(members.mei.id), Number(members.ken.id), t));
  await database.db.transaction((tx) => makeFriends(tx, Number(groupMembers.rin.id), Number(groupMembers.tao.id), t));
  await database.db.transaction((tx) => makeFriends(tx, Number(groupMembers.rin.id), Number(groupMembers.vic.id), t));
  const say = (from: E2EMember, to: E2EMember, msgId: string, content: string) =>
    sendMessage(
      deps,
      { kind: "member", sessionId: "e2e", userId: Number(from.id), nickname: from.nickname, avatar: "", role: "member", agentSites: [] },
      { channelType: 3, msgId, targetId: to.id, msgType: 1, msg: { content } },
    );
  await say(members.ken, members.mei, "e2e-h1", "Are we still on for climbing tomorrow?");
  await say(members.mei, members.ken, "e2e-h2", "Yes! 7 pm at the gym?");
  await say(members.ken, members.mei, "e2e-h3", "Perfect. I'll bring the spare chalk bag.");
  // Sam and Kim have a long history: paging back through a virtualized list
  await database.db.transaction((tx) => makeFriends(tx, Number(members.sam.id), Number(members.kim.id), t));
  for (let i = 1; i <= LONG_HISTORY; i++) {
    const [from, to] = i % 3 === 0 ? [members.sam, members.kim] : [members.kim, members.sam];
    await say(from, to, `e2e-long-${i}`, `History ${String(i).padStart(3, "0")} ·`);
  }
  await database.close();

  const parleyUrl = `http://localhost:${parleyPort}`;
  const server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(parleyPort),
      HOST: "127.0.0.1",
      PARLEY_DATA_DIR: dataDir,
      PARLEY_DEMO: "0",
      // the specs' API calls name a client address of their own run (e2e/chat-page.ts RUN_IP): the
      // daily SMS limit per address is counted in the database, which CI runs share
      PARLEY_TRUST_PROXY: "1",
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: false,
  });
  const shop = shopServer(shopPort, parleyUrl, site.key, "Allowed shop");
  const stranger = shopServer(strangerPort, parleyUrl, site.key, "A shop that is not on the list");

  // wait until Parley answers
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const res = await fetch(`${parleyUrl}/api/health`);
      if (res.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error("Parley did not start within 90 s");
    if (server.exitCode !== null) throw new Error(`Parley exited with ${server.exitCode}`);
    await new Promise((r) => setTimeout(r, 300));
  }

  const env: E2EEnv & { groupMembers: typeof groupMembers; teamAgents: typeof teamAgents; roomMembers: typeof roomMembers; packetMembers: typeof packetMembers } = {
    parleyUrl,
    shopUrl: `http://127.0.0.1:${shopPort}`,
    strangerUrl: `http://127.0.0.1:${strangerPort}`,
    siteKey: site.key,
    siteSecret: site.secret,
    agent,
    agent2,
    members,
    admin,
    groupMembers,
    teamAgents,
    roomMembers,
    packetMembers,
    pids: [server.pid!],
  };
  mkdirSync(path.dirname(ENV_FILE), { recursive: true });
  writeFileSync(ENV_FILE, JSON.stringify(env, null, 2));
  (globalThis as { __e2eServers?: unknown }).__e2eServers = { server, shop, stranger };
}

/** A plain page that embeds the widget with one script tag, as a shop would. */
function shopServer(port: number, parleyUrl: string, siteKey: string, title: string) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<script>window.$parley = window.$parley || []; window.__events = [];
$parley.push(['on', 'ready', function () { window.__events.push('ready'); }]);
$parley.push(['on', 'unread', function (n) { window.__events.push('unread:' + n); }]);
</script>
<script async src="${parleyUrl}/embed.js" data-site-key="${siteKey}"></script>
</head><body style="font-family:sans-serif"><h1>${title}</h1><p>Products and such.</p></body></html>`;
  return http
    .createServer((req, res) => {
      if (req.url?.startsWith("/frame-console")) {
        // a page that tries to frame the agent console (clickjacking)
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(`<!doctype html><iframe id="direct" src="${parleyUrl}/console/login" width="600" height="500"></iframe>`);
      }
      if (req.url?.startsWith("/frame")) {
        // a page that tries to frame the widget directly, without the loader
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(`<!doctype html><iframe id="direct" src="${parleyUrl}/widget/${siteKey}?origin=${encodeURIComponent(`http://127.0.0.1:${port}`)}" width="400" height="500"></iframe>`);
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(html);
    })
    .listen(port, "127.0.0.1");
}
