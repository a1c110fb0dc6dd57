// Runtime configuration, read once from the environment. Every knob the README
// documents lives here, so there is exactly one place to look.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
  return n;
}

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const dataDir = path.resolve(env.PARLEY_DATA_DIR || ".parley");
  return {
    port: int("PORT", 3000),
    host: env.HOST || "0.0.0.0",
    dev: env.NODE_ENV !== "production",
    databaseUrl: env.DATABASE_URL || "",
    redisUrl: env.REDIS_URL || "",
    dataDir,
    /** "1" seeds demo data on every start; "0" never; unset: only the first embedded start. */
    demo: env.PARLEY_DEMO ?? "",
    /** Serve the Next.js UI. Tests of the API and the gateway turn it off to start fast. */
    withNext: env.PARLEY_NO_NEXT !== "1",
    /** A second tiny server that plays a shop on another origin, for the demo. 0 = off. */
    demoShopPort: int("PARLEY_DEMO_SHOP_PORT", 0),
    /** How long a signed shop identity stays valid (replay window). */
    identityMaxAgeMs: int("PARLEY_IDENTITY_MAX_AGE_MS", 5 * 60_000),
    /** A visitor token works this long after the widget last resumed it (sliding; 30 days). */
    visitorSessionTtlMs: int("PARLEY_VISITOR_SESSION_TTL_MS", 30 * 24 * 3600_000),
    /** Image uploads (and every upload of a visitor) larger than this are refused (413, -1001). */
    uploadMaxBytes: int("PARLEY_UPLOAD_MAX_BYTES", 5 * 1024 * 1024),
    /** Audio and video uploads larger than this are refused (413, -1001): a few minutes of phone video; the bytes live in a database row. */
    uploadMediaMaxBytes: int("PARLEY_UPLOAD_MEDIA_MAX_BYTES", 20 * 1024 * 1024),
    /** Any other file (documents, archives, text) larger than this is refused (413, -1001); the same row-size reasoning as media. */
    uploadFileMaxBytes: int("PARLEY_UPLOAD_FILE_MAX_BYTES", 20 * 1024 * 1024),
    /**
     * Largest request body on every other door (tRPC, and what Next.js gets, e.g. /api/auth):
     * JSON calls are a few KiB; 1 MiB leaves room and keeps one request from costing much memory.
     */
    bodyMaxBytes: int("PARLEY_BODY_MAX_BYTES", 1024 * 1024),
    /** Open /ws sockets one credential may hold in one process: a few tabs and devices, not a flood. */
    maxSocketsPerSession: int("PARLEY_MAX_SOCKETS_PER_SESSION", 20),
    /** An upload no message has used by this age is deleted (someone uploaded and never sent). */
    uploadUnusedTtlMs: int("PARLEY_UPLOAD_UNUSED_TTL_MS", 60 * 60_000),
    /** A member may recall their own message this long after sending it (seed /chat33/ recall). */
    recallWindowMs: int("PARLEY_RECALL_WINDOW_MS", 2 * 60_000),
    /** The most members a new group may have (seed 004 /room/*); the limit is kept per group, so changing it leaves existing groups as they are. */
    groupMaxMembers: int("PARLEY_GROUP_MAX_MEMBERS", 2_000),
    /**
     * An audience of more than 500 sockets on a process (a busy chat room) is written at most
     * this often; the messages of one interval leave together, one write per socket. 0 = as fast
     * as the event loop goes (each message on its own when the room is quiet).
     */
    fanoutIntervalMs: int("PARLEY_FANOUT_INTERVAL_MS", 100),
    /** A process's chat-room counts stop counting this long after its last report (a process that died takes its share with it). */
    roomCountTtlMs: int("PARLEY_ROOM_COUNT_TTL_MS", 5_000),
    /** A red packet's unclaimed rest goes back to its sender this long after it was sent. */
    packetTtlMs: int("PARLEY_PACKET_TTL_MS", 24 * 3600_000),
    /** A share grabbed by link (seed /red-packet/receive) is held this long for its entry, then free again. */
    packetHoldMs: int("PARLEY_PACKET_HOLD_MS", 10 * 60_000),
    /** The most shares one red packet may have. */
    packetMaxCount: int("PARLEY_PACKET_MAX_COUNT", 1_000),
    /** The origin packetUrl (the public claim page) starts with, e.g. https://chat.example.com; unset: a path on this server. */
    publicUrl: env.PARLEY_PUBLIC_URL || "",
    /**
     * Who texts sign-in codes (server/services/sms): "dev" (unset) keeps them in the development
     * outbox — the server log and /admin/sms; "webhook" POSTs {mobile, text} to PARLEY_SMS_WEBHOOK_URL.
     */
    smsProvider: env.PARLEY_SMS_PROVIDER || "dev",
    smsWebhookUrl: env.PARLEY_SMS_WEBHOOK_URL || "",
    /** sent as `Authorization: Bearer …` to the webhook, so the relay can tell Parley from anyone else */
    smsWebhookToken: env.PARLEY_SMS_WEBHOOK_TOKEN || "",
  };
}

/**
 * next-auth needs AUTH_SECRET, and the gateway must decode the same session cookies.
 * On a bare machine we make one and keep it in the data folder, so `npm start`
 * works without setup and sessions survive restarts. Several processes must share
 * AUTH_SECRET through the environment (the README says so).
 */
export function ensureAuthSecret(dataDir: string): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  // a throwaway in-memory database (tests) gets a throwaway secret, not a folder named "memory:"
  if (dataDir.startsWith("memory:")) return (process.env.AUTH_SECRET = randomBytes(32).toString("base64url"));
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "auth-secret");
  let secret = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  if (!secret) {
    secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600 });
  }
  process.env.AUTH_SECRET = secret;
  return secret;
}
