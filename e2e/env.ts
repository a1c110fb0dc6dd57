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
  /**
   * members of the messenger: mei and ken are friends with some history, ana and leo strangers
   * to everyone, sam and kim friends with a long history ("History 001 ·" … "History 150 ·")
   */
  members: { mei: E2EMember; ken: E2EMember; ana: E2EMember; leo: E2EMember; sam: E2EMember; kim: E2EMember };
  /** a platform admin (reads the development SMS outbox) */
  admin: E2EMember;
  pids: number[];
}

/** how many messages Sam and Kim have (several pages of friend.chatLog) */
export const LONG_HISTORY = 150;

export interface E2EMember {
  /** users.id, as the wire names users */
  id: string;
  /** the public Parley ID others search for */
  markId: string;
  mobile: string;
  password: string;
  nickname: string;
}

export function e2eEnv(): E2EEnv {
  return JSON.parse(readFileSync(ENV_FILE, "utf8"));
}
