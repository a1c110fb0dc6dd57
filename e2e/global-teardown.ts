import type { ChildProcess } from "node:child_process";
import type { Server } from "node:http";

export default async function globalTeardown() {
  const s = (globalThis as { __e2eServers?: { server: ChildProcess; shop: Server; stranger: Server } }).__e2eServers;
  if (!s) return;
  s.shop.close();
  s.stranger.close();
  if (s.server.exitCode === null) {
    const exited = new Promise((r) => s.server.once("exit", r));
    s.server.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
}
