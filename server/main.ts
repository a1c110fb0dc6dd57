// `npm start` / `npm run dev` entry: one process serving the web app, the API and /ws.
import { startParley } from "./runtime";
import { eq } from "drizzle-orm";
import { DEMO } from "../db/seed";
import { chatRooms } from "../db/schema";

const parley = await startParley();
const { config } = parley.deps;
console.log(`Parley is listening on ${parley.url} (${parley.database.kind}, ${parley.deps.bus.kind} fan-out)`);
if (config.withNext) {
  console.log(`  Messenger:      ${parley.url}/chat`);
  console.log(`  Agent console:  ${parley.url}/console`);
  console.log(`  Admin portal:   ${parley.url}/admin`);
}
if (config.demoShopPort) console.log(`  Demo shop:      http://127.0.0.1:${config.demoShopPort}/  (a different origin, embeds the widget)`);
if (parley.seeded) {
  console.log(`  Demo accounts:  members ${DEMO.members.map((m) => `${m.mobile} (${m.nickname})`).join(", ")} / ${DEMO.memberPassword} (the messenger)`);
  console.log(`                  agents ${DEMO.agents.map((a) => a.mobile).join(", ")} / ${DEMO.agents[0].password} (the console)`);
  console.log(`                  admin ${DEMO.admin.mobile} / ${DEMO.admin.password} (${parley.url}/admin: chat rooms, muting, reports, SMS codes in development)`);
  console.log(`                  (turn demo data off: PARLEY_DEMO=0)`);
  const [lobby] = await parley.deps.db.select({ id: chatRooms.id }).from(chatRooms).where(eq(chatRooms.name, DEMO.room.name)).limit(1);
  if (lobby && config.withNext) console.log(`  Public room:    ${parley.url}/rooms/${lobby.id}  ("${DEMO.room.name}": anyone may read it, no account needed)`);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return process.exit(1);
    stopping = true;
    console.log(`\n${signal}: closing sockets and draining…`);
    await parley.close();
    process.exit(0);
  });
}
