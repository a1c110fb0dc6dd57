// What global-setup started, handed to the specs through a file.
import { readFileSync } from "node:fs";
import path from "node:path";

export const ENV_FILE = path.resolve("test-results/e2e-env.json");

export interface E2EEnv {
  parleyUrl: string;
  shopUrl: string;
  strangerUrl: string;
  siteKey: string;
  /** the site secret, so a spec can sign a customer identity as the shop's backend does */
  siteSecret: string;
  agent: { mobile: string; password: string; nickname: string };
  /** a second agent of the site, "offline" at the start: a spec can change their availability without touching `agent` */
  agent2: { mobile: string; password: string; nickname: string };
  pids: number[];
}

export function e2eEnv(): E2EEnv {
  return JSON.parse(readFileSync(ENV_FILE, "utf8"));
}
