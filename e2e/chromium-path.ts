import { existsSync } from "node:fs";

/** The system Chromium: CHROME_PATH, or Debian's /usr/bin/chromium. null when there is none. */
export function chromiumPath(): string | null {
  for (const p of [process.env.CHROME_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (p && existsSync(p)) return p;
  }
  return null;
}
