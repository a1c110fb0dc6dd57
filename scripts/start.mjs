#!/usr/bin/env node
// `npm start`: build the web app if this checkout has not been built yet (or changed since),
// then run Parley in production mode. With no DATABASE_URL it uses the embedded database in
// ./.parley and seeds demo data on the first start; a demo shop on port 3001 embeds the widget.
import { spawnSync, spawn, execSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";

const stamp = ".next/parley-build-stamp";
function sourceStamp() {
  try {
    const head = execSync("git rev-parse HEAD", { stdio: ["ignore", "pipe", "ignore"] }).toString();
    const dirty = execSync("git status --porcelain -- app public next.config.mjs package-lock.json", { stdio: ["ignore", "pipe", "ignore"] }).toString();
    return createHash("sha256").update(head + dirty).digest("hex");
  } catch {
    return "no-git";
  }
}
const want = sourceStamp();
const have = existsSync(stamp) ? readFileSync(stamp, "utf8") : "";
if (!existsSync(".next/BUILD_ID") || (want !== "no-git" && want !== have) || process.env.PARLEY_REBUILD === "1") {
  console.log("Building the web app (first start or changed sources)…");
  const b = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (b.status !== 0) process.exit(b.status ?? 1);
  writeFileSync(stamp, want);
}
const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    NODE_ENV: "production",
    PARLEY_DEMO_SHOP_PORT: process.env.PARLEY_DEMO_SHOP_PORT ?? (process.env.PARLEY_DEMO === "0" ? "0" : "3001"),
  },
});
for (const s of ["SIGINT", "SIGTERM"]) process.on(s, () => child.kill(s));
child.on("exit", (code) => process.exit(code ?? 0));
