// Builds one running Parley: database, bus, gateway, HTTP routes, optionally Next.js, on one
// port. server/main.ts runs it from the command line; tests start it in-process.
import http from "node:http";
import path from "node:path";
import { count } from "drizzle-orm";
import { openDatabase, type Database } from "../db/client";
import { users } from "../db/schema";
import { seedDemo } from "../db/seed";
import type { Bus } from "./bus/bus";
import { createMemoryBus } from "./bus/memory-bus";
import { ensureAuthSecret, loadConfig, type Config } from "./config";
import { createRoutes } from "./http/routes";
import { Gateway } from "./realtime/gateway";
import { startPacketExpiry } from "./jobs/packet-expiry";
import { startUploadCleanup } from "./jobs/upload-cleanup";
import { startGroupOnline } from "./services/group/online";
import { startRoomLive } from "./services/room/live";
import { logUnexpected } from "./errors/app-error";
import type { Deps } from "./services/deps";
import { CLIENT_IP_HEADER } from "./auth/console-session";
import { installNextBridge } from "./auth/next-bridge";
import { clientIp } from "./auth/request-principal";
import { startDemoShop } from "./demo-shop";

interface NextLike {
  getRequestHandler(): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
  getUpgradeHandler(): (req: http.IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => Promise<void>;
  close(): Promise<void>;
}

export interface Parley {
  server: http.Server;
  deps: Deps;
  database: Database;
  gateway: Gateway;
  url: string;
  seeded: boolean;
  close(): Promise<void>;
}

export async function startParley(overrides: Partial<Config> = {}): Promise<Parley> {
  const config = { ...loadConfig(), ...overrides };
  ensureAuthSecret(config.dataDir);

  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : overrides.dataDir === "memory://" ? "memory://" : path.join(config.dataDir, "pglite"),
  });
  const bus: Bus = config.redisUrl ? await (await import("./bus/redis-bus")).createRedisBus(config.redisUrl) : createMemoryBus();
  const deps: Deps = { db: database.db, bus, config };

  const seeded = await maybeSeed(database, config);

  installNextBridge(deps);

  const gateway = new Gateway(deps);
  const uploadCleanup = startUploadCleanup(deps);
  const packetExpiry = startPacketExpiry(deps);
  const groupOnlineTick = startGroupOnline(deps);
  const roomLiveTick = startRoomLive(deps);
  const route = createRoutes(deps, gateway, database);

  let nextApp: NextLike | null = null;
  if (config.withNext) {
    process.env.NEXT_TELEMETRY_DISABLED ??= "1";
    const { default: next } = await import("next");
    const app = next({ dev: config.dev, hostname: config.host, port: config.port, dir: process.cwd() });
    await app.prepare();
    nextApp = app as unknown as NextLike;
  }
  const handle = nextApp?.getRequestHandler();
  const nextUpgrade = nextApp?.getUpgradeHandler();

  const server = http.createServer(async (req, res) => {
    try {
      if (await route(req, res)) return;
      if (handle) {
        // next-auth builds its URLs from these; behind no proxy they are just our Host
        req.headers["x-forwarded-host"] ??= req.headers.host;
        req.headers["x-forwarded-proto"] ??= "http";
        // the console's sign-in limits guesses per address: tell next-auth the one we trust
        req.headers[CLIENT_IP_HEADER] = clientIp(req);
        return void (await handle(req, res));
      }
      res.writeHead(404).end();
    } catch (err) {
      logUnexpected("http", err);
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  server.on("upgrade", (req, socket, head) => {
    const pathname = (req.url ?? "").split("?")[0];
    if (pathname === "/ws") return void gateway.handleUpgrade(req, socket, head);
    // Next's dev server uses /_next/webpack-hmr; leave its upgrades to Next
    if (pathname.startsWith("/_next/") && nextUpgrade) return void nextUpgrade(req, socket, head);
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host}:${port}`;

  const demoShop = config.demoShopPort ? await startDemoShop(deps, config.demoShopPort, url) : null;

  let closed: Promise<void> | null = null;
  return {
    server,
    deps,
    database,
    gateway,
    url,
    seeded,
    close() {
      // stop accepting, close sockets with 1001 after draining, then the bus and the database
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        demoShop?.close();
        await gateway.close();
        await uploadCleanup.stop();
        await packetExpiry.stop();
        await groupOnlineTick.stop();
        await roomLiveTick.stop();
        server.closeIdleConnections?.();
        await Promise.race([stopped, new Promise((r) => setTimeout(r, 5_000))]);
        server.closeAllConnections?.();
        await nextApp?.close().catch(() => {});
        await bus.close();
        await database.close();
      })();
      return closed;
    },
  };
}

/** PARLEY_DEMO=1 always seeds, =0 never; by default only an empty embedded database. */
async function maybeSeed(database: Database, config: Config): Promise<boolean> {
  if (config.demo === "0") return false;
  if (config.demo !== "1") {
    if (database.kind !== "pglite") return false;
    const [{ n }] = await database.db.select({ n: count() }).from(users);
    if (n > 0) return false;
  }
  await seedDemo(database.db);
  return true;
}
