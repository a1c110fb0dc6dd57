// What the numbers were measured on: they mean little without it.
import { execSync } from "node:child_process";
import os from "node:os";
import postgres from "postgres";

export async function machineInfo(databaseUrl: string, redisUrl: string | undefined) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const [{ server_version }] = await sql`show server_version`;
  const [{ synchronous_commit }] = await sql`show synchronous_commit`;
  const [{ shared_buffers }] = await sql`show shared_buffers`;
  await sql.end();
  let redis = "not used";
  if (redisUrl) {
    const { Redis } = await import("ioredis");
    const r = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await r.connect();
    redis = /redis_version:(\S+)/.exec(await r.info("server"))?.[1] ?? "?";
    r.disconnect();
  }
  let commit = "";
  try {
    commit = execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    if (execSync("git status --porcelain -- server db", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim()) commit += "+changes";
  } catch {
    // not a git checkout
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "?",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: String(server_version),
    postgresSettings: `synchronous_commit=${synchronous_commit}, shared_buffers=${shared_buffers}`,
    redis,
    commit,
  };
}
