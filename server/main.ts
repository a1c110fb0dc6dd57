// `npm start` / `npm run dev` entry: one process serving the web app, the API and /ws.
import { startParley } from "./runtime";
import { DEMO } from "../db/seed";

const parley = await startParley();
const { config } = parley.deps;
console.log(`Parley is listening on ${parley.url} (${parley.database.kind}, ${parley.deps.bus.kind} fan-out)`);
if (config.withNext) {
  console.log(`  Messenger:      ${parley.url}/chat`);
  console.log(`  Agent console:  ${parley.url}/console`);
}
if (config.demoShopPort) console.log(`  Demo shop:      http://127.0.0.1:${config.demoShopPort}/  (a different origin, embeds the widget)`);
if (parley.seeded) {
  console.log(`  Demo accounts:  members ${DEMO.members.map((m) => `${m.mobile} (${m.nickname})`).join(", ")} / ${DEMO.memberPassword} (the messenger)`);
  console.log(`                  agents ${DEMO.agents.map((a) => a.mobile).join(", ")} / ${DEMO.agents[0].password} (the console)`);
  console.log(`                  admin ${DEMO.admin.mobile} / ${DEMO.admin.password} (${parley.url}/admin/sms: SMS codes in development; the admin API)`);
  console.log(`                  (turn demo data off: PARLEY_DEMO=0)`);
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
