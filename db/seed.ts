// Demo data: an admin, two agents and the "demo" site. Safe to run again: it only adds what
// is missing and resets the demo passwords.
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { agentStatus, siteAgents, sites, users } from "./schema";
import { hashPassword } from "../server/crypto";

export const DEMO = {
  admin: { mobile: "13800000000", password: "parley-admin", nickname: "Admin" },
  agents: [
    { mobile: "13800000001", password: "parley-agent", nickname: "Alice (support)" },
    { mobile: "13800000002", password: "parley-agent", nickname: "Bob (support)" },
  ],
  site: {
    key: "demo",
    name: "Demo Shop",
    /** Only for the demo: real sites get a random secret from the admin portal. */
    secret: "demo-site-secret-change-me",
    allowedOrigins: ["http://localhost:*", "http://127.0.0.1:*"],
    greeting: "Hi! How can we help you today?",
  },
};

export async function seedDemo(db: Db) {
  const t = Date.now();
  const upsertUser = async (u: { mobile: string; password: string; nickname: string }, role: string) => {
    const passwordHash = await hashPassword(u.password);
    const [row] = await db
      .insert(users)
      .values({ mobile: u.mobile, passwordHash, nickname: u.nickname, role, verified: 1, createdAt: t })
      .onConflictDoUpdate({ target: users.mobile, set: { passwordHash, role } })
      .returning({ id: users.id });
    return row.id;
  };
  await upsertUser(DEMO.admin, "admin");
  const agentIds = [];
  for (const a of DEMO.agents) agentIds.push(await upsertUser(a, "member"));

  let [site] = await db.select().from(sites).where(eq(sites.key, DEMO.site.key)).limit(1);
  if (!site) {
    [site] = await db.insert(sites).values({ ...DEMO.site, createdAt: t }).returning();
  }
  for (const [i, userId] of agentIds.entries()) {
    await db
      .insert(siteAgents)
      .values({ siteId: site.id, userId, role: i === 0 ? "supervisor" : "agent" })
      .onConflictDoNothing();
    await db.insert(agentStatus).values({ userId, status: "online", updatedAt: t }).onConflictDoNothing();
  }
  return { siteId: site.id, agentIds };
}
