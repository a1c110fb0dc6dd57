// `npm run seed`: demo data on whatever database the environment points at.
import { openDatabase } from "./client";
import { seedDemo, DEMO } from "./seed";
import { loadConfig } from "../server/config";
import path from "node:path";

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, "pglite") });
await seedDemo(database.db);
await database.close();
console.log(`Seeded demo data on ${database.kind}: site "${DEMO.site.key}", admin ${DEMO.admin.mobile}, agents ${DEMO.agents.map((a) => a.mobile).join(", ")}`);
