#!/usr/bin/env node
// `npm test`: the whole suite. Unit + integration tests (vitest) against the real database —
// PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set, embedded PGlite otherwise — then a
// production build and the browser tests (Playwright in the system Chromium).
// Ends with one line "N passed, N failed, N skipped" and a non-zero exit on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, mkdirSync } from "node:fs";

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: "inherit", env: process.env, ...opts });
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;
mkdirSync("test-results", { recursive: true });

// 1. unit + integration
const vitestJson = "test-results/vitest.json";
rmSync(vitestJson, { force: true });
const v = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, "utf8"));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  if (v.status !== 0 && r.numFailedTests === 0) broken = true; // e.g. a file that failed to load
} else broken = true;

// 2. browser tests need Chromium; Playwright's own download cannot work here, so use Debian's
const findChromium = () => [process.env.CHROME_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => p && existsSync(p));
if (!findChromium() && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get") && process.env.PARLEY_NO_APT !== "1") {
  console.log("\n[test] Chromium not found: installing Debian's chromium (set PARLEY_NO_APT=1 to skip)…");
  run("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null"]);
}
if (!findChromium()) {
  console.log("\n[test] e2e SKIPPED: no Chromium found (install Debian's `chromium` or set CHROME_PATH). The browser tests did not run.");
  totals.skipped += 1;
} else if (process.env.PARLEY_SKIP_E2E === "1") {
  console.log("\n[test] e2e SKIPPED: PARLEY_SKIP_E2E=1.");
  totals.skipped += 1;
} else {
  console.log("\n[test] building the web app for the browser tests…");
  const b = run("npx", ["next", "build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (b.status !== 0) {
    console.log("[test] next build failed");
    broken = true;
    totals.failed += 1;
  } else {
    const e2eJson = "test-results/e2e.json";
    rmSync(e2eJson, { force: true });
    const p = run("npx", ["playwright", "test"]);
    if (existsSync(e2eJson)) {
      const s = JSON.parse(readFileSync(e2eJson, "utf8")).stats;
      totals.passed += s.expected + s.flaky;
      totals.failed += s.unexpected;
      totals.skipped += s.skipped;
      if (p.status !== 0 && s.unexpected === 0) broken = true;
    } else broken = true;
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
