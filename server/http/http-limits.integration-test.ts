import http from "node:http";
import { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clock, realNow } from "../clock";
import type { Parley } from "../runtime";
import { createAgent, createSite, newVisitor, PNG_1x1, startTestParley, TEST_PASSWORD, trpc } from "../testing/harness";
import { UPLOADS_PER_IP_PER_MINUTE, UPLOADS_PER_SITE_PER_MINUTE } from "./routes";

let parley: Parley;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley?.close();
});
afterEach(() => {
  clock.now = realNow;
});

const MB = 1024 * 1024;

/**
 * POST `total` bytes from a stream that yields one shared 64 KiB chunk again and again (the
 * test allocates nothing per chunk), with a declared Content-Length or chunked. Resolves with
 * the answer and how many bytes the server let the client push before it stopped reading.
 */
function postStream(url: string, path: string, total: number, opts: { declareLength: boolean; headers?: Record<string, string> }) {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let pulled = 0;
  const body = new Readable({
    read() {
      if (pulled >= total) return void this.push(null);
      pulled += chunk.length;
      this.push(chunk);
    },
  });
  return new Promise<{ status: number; body: string; pulled: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(url + path, {
      method: "POST",
      headers: { "content-type": "application/json", ...(opts.declareLength ? { "content-length": String(total) } : {}), ...opts.headers },
    });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      const done = () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString(), pulled, headers: res.headers });
      res.on("end", done);
      res.on("error", done); // the server closes the connection right after its answer
    });
    req.on("error", (err) => {
      if (!answered) reject(err); // EPIPE/ECONNRESET after the answer is the point: it stopped reading
    });
    body.pipe(req);
  });
}

/** Runs `f` and reports how much the process's memory grew at most while it ran. */
async function peakGrowth<T>(f: () => Promise<T>) {
  const sample = () => {
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed + m.arrayBuffers };
  };
  const base = sample();
  let peak = base;
  const timer = setInterval(() => {
    const s = sample();
    peak = { rss: Math.max(peak.rss, s.rss), heap: Math.max(peak.heap, s.heap) };
  }, 2);
  try {
    const result = await f();
    const s = sample();
    peak = { rss: Math.max(peak.rss, s.rss), heap: Math.max(peak.heap, s.heap) };
    return { result, rssMB: (peak.rss - base.rss) / MB, heapMB: (peak.heap - base.heap) / MB };
  } finally {
    clearInterval(timer);
  }
}

describe("request bodies are limited before they are parsed", () => {
  const HUNDRED_MB = 100 * MB;

  it("a chunked 100 MB tRPC body is cut off past PARLEY_BODY_MAX_BYTES: 413 -1001, and the server does not grow", async () => {
    const { result, rssMB, heapMB } = await peakGrowth(() => postStream(parley.url, "/api/trpc/widget.session", HUNDRED_MB, { declareLength: false }));
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ error: { data: { appCode: -1001, httpStatus: 413 } } });
    expect(result.pulled).toBeLessThan(20 * MB); // it stopped reading (the rest is kernel buffers)
    expect(rssMB).toBeLessThan(16);
    expect(heapMB).toBeLessThan(10);
  });

  it("a declared 100 MB tRPC body is refused unread: 413 with the plain error shape", async () => {
    const { result, rssMB, heapMB } = await peakGrowth(() => postStream(parley.url, "/api/trpc/widget.session", HUNDRED_MB, { declareLength: true }));
    expect(result.status).toBe(413);
    expect(result.headers.connection).toBe("close");
    expect(JSON.parse(result.body)).toMatchObject({ appCode: -1001, message: expect.stringContaining("larger than 1 MB") });
    expect(result.pulled).toBeLessThan(20 * MB);
    expect(rssMB).toBeLessThan(16);
    expect(heapMB).toBeLessThan(10);
  });

  it("just over the limit is refused, at the limit is parsed", async () => {
    const max = parley.deps.config.bodyMaxBytes;
    const over = await postStream(parley.url, "/api/trpc/widget.session", max + 1, { declareLength: true });
    expect(over.status).toBe(413);
    // a JSON body of exactly the limit reaches the procedure (and fails its input check, not the size)
    const padded = JSON.stringify({ siteKey: "x", pad: "" });
    const body = JSON.stringify({ siteKey: "x", pad: "p".repeat(max - padded.length) });
    expect(Buffer.byteLength(body)).toBe(max);
    const res = await fetch(`${parley.url}/api/trpc/widget.session`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { data: { appCode: -1001 } } });
  });

  it("uploads keep PARLEY_UPLOAD_MAX_BYTES: a declared 100 MB upload is refused before authentication, a chunked one is cut off", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const declared = await peakGrowth(() => postStream(parley.url, "/api/upload", HUNDRED_MB, { declareLength: true }));
    expect(declared.result.status).toBe(413);
    expect(JSON.parse(declared.result.body)).toMatchObject({ appCode: -1001 });
    expect(declared.result.pulled).toBeLessThan(20 * MB);
    expect(declared.rssMB).toBeLessThan(16);
    const chunked = await peakGrowth(() =>
      postStream(parley.url, "/api/upload", HUNDRED_MB, { declareLength: false, headers: { authorization: `Bearer ${v.visitorToken}` } }),
    );
    expect(chunked.result.status).toBe(413);
    expect(JSON.parse(chunked.result.body)).toMatchObject({ appCode: -1001 });
    expect(chunked.result.pulled).toBeLessThan(parley.deps.config.uploadMaxBytes + 20 * MB);
    expect(chunked.rssMB).toBeLessThan(30);
    // a 2 MB image is fine here (it would be too big for tRPC)
    const bigPng = Buffer.concat([PNG_1x1, Buffer.alloc(2 * MB)]);
    const ok = await fetch(`${parley.url}/api/upload`, { method: "POST", body: bigPng, headers: { authorization: `Bearer ${v.visitorToken}` } });
    expect(ok.status).toBe(200);
  });

  it("requests for Next.js (/api/auth/*, pages): over 1 MiB → 413, chunked → 411", async () => {
    const declared = await postStream(parley.url, "/api/auth/callback/credentials", 2 * MB, { declareLength: true });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ appCode: -1001 });
    const chunked = await postStream(parley.url, "/api/auth/callback/credentials", HUNDRED_MB, { declareLength: false });
    expect(chunked.status).toBe(411);
    expect(JSON.parse(chunked.body)).toMatchObject({ appCode: -1002 });
    expect(chunked.pulled).toBeLessThan(20 * MB);
    // a small form post goes on to Next (this test server runs without Next: 404)
    const small = await fetch(`${parley.url}/api/auth/callback/credentials`, { method: "POST", body: "mobile=1&password=2" });
    expect(small.status).toBe(404);
  });
});

describe("security headers on every response", () => {
  const expectPageHeaders = (res: Response, frameAncestors: string) => {
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`frame-ancestors ${frameAncestors}`);
    expect(csp).toContain("script-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("form-action 'self'");
  };

  it("/api/health, tRPC, pages handed to Next and errors: framed only by Parley", async () => {
    expectPageHeaders(await fetch(`${parley.url}/api/health`), "'self'");
    expectPageHeaders(await fetch(`${parley.url}/api/trpc/widget.config?input=${encodeURIComponent(JSON.stringify({ siteKey: "nope" }))}`), "'self'");
    const site = await createSite(parley);
    const agent = await createAgent(parley, site.id);
    expectPageHeaders(await fetch(`${parley.url}/api/trpc/support.me`, { headers: { authorization: `Bearer ${agent.token}` } }), "'self'");
    expectPageHeaders(await fetch(`${parley.url}/console`), "'self'"); // Next's page (404 here, without Next)
    expectPageHeaders(await fetch(`${parley.url}/api/upload`, { method: "POST", body: PNG_1x1 }), "'self'"); // -1003
  });

  it("the widget page keeps the site's allowed origins as frame-ancestors, with the rest of the policy", async () => {
    const site = await createSite(parley, { allowedOrigins: ["https://shop.example", "javascript:alert(1)"] });
    expectPageHeaders(await fetch(`${parley.url}/widget/${site.key}`), "https://shop.example");
    const unknown = await fetch(`${parley.url}/widget/no-such-site`);
    expectPageHeaders(unknown, "'none'");
    expect(unknown.headers.get("content-security-policy")).not.toContain("javascript:");
  });

  it("uploads keep their sandbox", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const up = await fetch(`${parley.url}/api/upload`, { method: "POST", body: PNG_1x1, headers: { authorization: `Bearer ${v.visitorToken}` } });
    const { url } = (await up.json()) as { url: string };
    const img = await fetch(parley.url + url);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    expect(img.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
});

/** PARLEY_TRUST_PROXY for the length of `f`: the rate limits then key on X-Forwarded-For. */
async function behindProxy<T>(hops: string, f: () => Promise<T>): Promise<T> {
  const saved = process.env.PARLEY_TRUST_PROXY;
  process.env.PARLEY_TRUST_PROXY = hops;
  try {
    return await f();
  } finally {
    if (saved === undefined) delete process.env.PARLEY_TRUST_PROXY;
    else process.env.PARLEY_TRUST_PROXY = saved;
  }
}

/** a random address, so no other test shares its buckets */
const freshIp = () => `198.51.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`;
const uploadFrom = (ip: string, token: string) =>
  fetch(`${parley.url}/api/upload`, { method: "POST", body: PNG_1x1, headers: { authorization: `Bearer ${token}`, "x-forwarded-for": ip } });

describe("upload limits that fresh visitor tokens do not escape", () => {
  it(`per client address: ${UPLOADS_PER_IP_PER_MINUTE} a minute, whichever visitor asks`, async () => {
    clock.now = ((t) => () => t)(Date.now() + 1_000); // frozen: nothing refills while the test runs
    await behindProxy("1", async () => {
      const site = await createSite(parley);
      const a = await newVisitor(parley.url, site.key);
      const ip = freshIp();
      for (let i = 0; i < UPLOADS_PER_IP_PER_MINUTE; i++) expect((await uploadFrom(ip, a.visitorToken)).status).toBe(200);
      const fresh = await newVisitor(parley.url, site.key); // a new token is free; the address is the same
      const limited = await uploadFrom(ip, fresh.visitorToken);
      expect(limited.status).toBe(429);
      expect(await limited.json()).toMatchObject({ appCode: -1012 });
      expect((await uploadFrom(freshIp(), fresh.visitorToken)).status).toBe(200);
    });
  });

  it(`per site: ${UPLOADS_PER_SITE_PER_MINUTE} a minute for all its visitors together`, async () => {
    clock.now = ((t) => () => t)(Date.now() + 1_000);
    await behindProxy("1", async () => {
      const site = await createSite(parley);
      const v = await newVisitor(parley.url, site.key);
      let ip = freshIp();
      for (let i = 0; i < UPLOADS_PER_SITE_PER_MINUTE; i++) {
        if (i % UPLOADS_PER_IP_PER_MINUTE === 0) ip = `203.0.${Math.floor(i / UPLOADS_PER_IP_PER_MINUTE)}.${Math.floor(Math.random() * 254) + 1}`;
        const res = await uploadFrom(ip, v.visitorToken);
        if (res.status !== 200) throw new Error(`upload ${i} refused: ${res.status} ${await res.text()}`);
      }
      const limited = await uploadFrom(freshIp(), v.visitorToken);
      expect(limited.status).toBe(429);
      expect(await limited.json()).toMatchObject({ appCode: -1012 });
      // another site's visitors are not held back
      const other = await createSite(parley);
      expect((await uploadFrom(freshIp(), (await newVisitor(parley.url, other.key)).visitorToken)).status).toBe(200);
    });
  });
});

describe("PARLEY_TRUST_PROXY", () => {
  it("a spoofed leftmost X-Forwarded-For entry does not escape the per-address login limit", async () => {
    await behindProxy("1", async () => {
      const site = await createSite(parley);
      const agent = await createAgent(parley, site.id);
      const proxySaw = freshIp(); // what our proxy appended: the real client
      // 40 guesses at once, each with a different client-written leftmost entry: they share the
      // one bucket of the address the proxy saw (20 a minute), so some are refused
      const attempts = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          trpc(parley.url, "user.pwdLogin", { mobile: agent.mobile, password: `guess-${i}` }, { headers: { "x-forwarded-for": `10.9.${i}.1, ${proxySaw}` } }),
        ),
      );
      const codes = attempts.map((a) => a.appCode);
      expect(codes).toContain(-1012);
      expect(codes.filter((c) => c === -2001).length).toBeLessThan(30);
      // another client behind the same proxy is not held back
      const other = await trpc(parley.url, "user.pwdLogin", { mobile: agent.mobile, password: TEST_PASSWORD }, { headers: { "x-forwarded-for": `${proxySaw}, ${freshIp()}` } });
      expect(other.ok).toBe(true);
    });
  });
});
