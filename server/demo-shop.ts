// A pretend shop on another origin (its own port), so `npm start` shows the widget the way a
// real shop embeds it: cross-origin, through one script tag. It also signs a demo customer
// identity with the demo site's secret, as a shop's backend would.
import http from "node:http";
import { eq } from "drizzle-orm";
import { sites } from "../db/schema";
import type { Deps } from "./services/deps";
import { signIdentity } from "./services/widget/identity";

export async function startDemoShop(deps: Deps, port: number, parleyUrl: string) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/identity") {
      const [site] = await deps.db.select().from(sites).where(eq(sites.key, "demo")).limit(1);
      if (!site) return void res.writeHead(404).end();
      const id = { customerId: "customer-42", name: "Mei Tanaka", timestamp: Date.now() };
      res.writeHead(200, { "Content-Type": "application/json" });
      return void res.end(JSON.stringify({ ...id, signature: signIdentity(site.secret, id) }));
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(demoShopHtml(parleyUrl));
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return { close: () => server.close() };
}

export function demoShopHtml(parleyUrl: string) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo Shop</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
header{background:#0f172a;color:#fff;padding:16px 24px;font-weight:600}
main{max-width:900px;margin:24px auto;padding:0 16px;display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:16px}
.card{background:#fff;border-radius:12px;padding:16px;box-shadow:0 1px 3px #0002}
.img{height:120px;border-radius:8px;background:linear-gradient(135deg,#c7d2fe,#fbcfe8);margin-bottom:8px}
button{padding:8px 12px;border-radius:8px;border:1px solid #cbd5e1;background:#fff;cursor:pointer}
.bar{max-width:900px;margin:16px auto 0;padding:0 16px;display:flex;gap:8px;flex-wrap:wrap}
</style>
<script>window.$parley = window.$parley || [];</script>
<script async src="${parleyUrl}/embed.js" data-site-key="demo"></script>
</head><body>
<header>Demo Shop</header>
<div class="bar">
  <button onclick="$parley.push(['open'])">Chat with us</button>
  <button id="signin">Sign in as customer Mei</button>
  <button onclick="$parley.push(['setLocale','zh-CN'])">中文</button>
  <button onclick="$parley.push(['setLocale','ja'])">日本語</button>
  <button onclick="$parley.push(['setLocale','en'])">English</button>
</div>
<main>
  ${["Canvas tote", "Ceramic mug", "Linen shirt", "Desk lamp", "Notebook", "Tea set"]
    .map((n, i) => `<div class="card"><div class="img"></div><b>${n}</b><div>$${(i + 1) * 12}.00</div></div>`)
    .join("")}
</main>
<script>
document.getElementById('signin').onclick = async function () {
  const identity = await (await fetch('/identity')).json();
  $parley.push(['identify', identity]);
};
</script>
</body></html>`;
}
