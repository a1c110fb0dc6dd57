// `npm start` / `npm run dev` entry: one process serving the web app, the API and /ws.
import { startParley } from "./runtime";
import { DEMO } from "../db/seed";

const parley = await startParley();
const { config } = parley.deps;
console.log(`Parley is listening on ${parley.url} (${parley.database.kind}, ${parley.deps.bus.kind} fan-out)`);
if (config.withNext) console.log(`  Agent console:  ${parley.url}/console`);
if (config.demoShopPort) console.log(`  Demo shop:      http://127.0.0.1:${config.demoShopPort}/  (a different origin, embeds the widget)`);
if (parley.seeded) {
  console.log(`  Demo accounts:  agents ${DEMO.agents.map((a) => a.mobile).join(", ")} / ${DEMO.agents[0].password}`);
  console.log(`                  admin ${DEMO.admin.mobile} / ${DEMO.admin.password} (the admin API; no portal yet — see the README)`);
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
