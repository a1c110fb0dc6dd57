// POST /api/upload and GET /uploads/<id> against a real Parley: every kind accepted by its
// bytes, per-kind size limits, the serving rules (inline media, attachments for the rest),
// Range requests, and the widget's visitors kept to images.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember, createSite, newVisitor, PNG_1x1, startTestParley } from "../testing/harness";
import { amr, CSV, docx, HTML, mp3, mp4, oggOpus, pdf, SVG, TEXT, wav, webm, zip } from "../testing/upload-fixtures";
import type { Parley } from "../runtime";
import type { UploadAnswer } from "./uploads";
import { UPLOAD_LARGEST_PER_MEMBER_PER_MINUTE } from "./uploads";

let parley: Parley;
const savedTrustProxy = process.env.PARLEY_TRUST_PROXY;
beforeAll(async () => {
  parley = await startTestParley();
  // each test uploads from its own address, so the per-address limit (30 a minute) is never what a test meets
  process.env.PARLEY_TRUST_PROXY = "1";
});
afterAll(async () => {
  if (savedTrustProxy === undefined) delete process.env.PARLEY_TRUST_PROXY;
  else process.env.PARLEY_TRUST_PROXY = savedTrustProxy;
  await parley?.close();
});

const freshIp = () => `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`;

async function upload(token: string | null, body: Buffer, opts: { name?: string; contentType?: string; ip?: string } = {}) {
  const headers: Record<string, string> = { "x-forwarded-for": opts.ip ?? freshIp() };
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.contentType) headers["content-type"] = opts.contentType;
  const q = opts.name === undefined ? "" : `?name=${encodeURIComponent(opts.name)}`;
  const res = await fetch(`${parley.url}/api/upload${q}`, { method: "POST", body: new Uint8Array(body), headers });
  const json = (await res.json()) as UploadAnswer & { appCode?: number; message?: string };
  return { status: res.status, json };
}

/** A member's upload that must succeed. */
async function uploadOk(token: string, body: Buffer, opts: { name?: string; contentType?: string } = {}) {
  const r = await upload(token, body, opts);
  if (r.status !== 200) throw new Error(`upload refused: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/** Run `f` with other size limits, then put them back (config is read per request). */
async function withLimits<T>(limits: { image: number; media: number; file: number }, f: () => Promise<T>): Promise<T> {
  const c = parley.deps.config;
  const saved = [c.uploadMaxBytes, c.uploadMediaMaxBytes, c.uploadFileMaxBytes] as const;
  [c.uploadMaxBytes, c.uploadMediaMaxBytes, c.uploadFileMaxBytes] = [limits.image, limits.media, limits.file];
  try {
    return await f();
  } finally {
    [c.uploadMaxBytes, c.uploadMediaMaxBytes, c.uploadFileMaxBytes] = saved;
  }
}

const expectSandboxed = (res: Response) => {
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
  expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
};

describe("a member's uploads: the kind is read from the bytes", () => {
  it.each([
    ["WAV", wav(), "audio", "audio/wav"],
    ["MP3", mp3(), "audio", "audio/mpeg"],
    ["M4A", mp4({ brand: "M4A ", handlers: ["soun"] }), "audio", "audio/mp4"],
    ["WebM voice (audio track only)", webm([2]), "audio", "audio/webm"],
    ["Ogg Opus", oggOpus(), "audio", "audio/ogg"],
    ["AMR", amr(), "audio", "audio/amr"],
    ["MP4", mp4({ handlers: ["vide", "soun"] }), "video", "video/mp4"],
    ["WebM video", webm([1, 2]), "video", "video/webm"],
    ["QuickTime", mp4({ brand: "qt  ", handlers: ["vide"] }), "video", "video/quicktime"],
  ] as const)("%s is %s, served inline as %s, sandboxed", async (_name, bytes, kind, contentType) => {
    const m = await createMember(parley);
    const up = await uploadOk(m.token, bytes, { contentType: "application/octet-stream" });
    expect(up).toEqual({ url: expect.stringMatching(/^\/uploads\/[A-Za-z0-9_-]{8,64}$/), kind, contentType, size: bytes.length });
    const res = await fetch(parley.url + up.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(contentType);
    expect(res.headers.get("content-disposition")).toBeNull();
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expectSandboxed(res);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it.each([
    ["PDF", pdf(), "application/pdf", "pdf"],
    ["ZIP", zip({ "notes.txt": "hello" }), "application/zip", "zip"],
    ["Word document", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"],
    ["plain text", TEXT, "application/octet-stream", "bin"],
    ["CSV", CSV, "application/octet-stream", "bin"],
  ] as const)("%s is a file (%s), served as an attachment", async (_name, bytes, contentType, ext) => {
    const m = await createMember(parley);
    const up = await uploadOk(m.token, bytes, { contentType: "text/html" });
    expect(up).toEqual({ url: expect.any(String), kind: "file", contentType, size: bytes.length });
    const res = await fetch(parley.url + up.url);
    expect(res.headers.get("content-type")).toBe(contentType);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="parley-${up.url.slice(9, 17)}.${ext}"`);
    expectSandboxed(res);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("a PNG labelled and named as audio is still an image (type from bytes, never from the client)", async () => {
    const m = await createMember(parley);
    const up = await uploadOk(m.token, PNG_1x1, { contentType: "audio/mpeg", name: "voice.mp3" });
    expect(up).toEqual({ url: expect.any(String), kind: "image", contentType: "image/png", size: PNG_1x1.length, width: 1, height: 1, name: "voice.mp3" });
    const res = await fetch(parley.url + up.url);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toBeNull();
    expectSandboxed(res);
  });

  it("HTML and SVG are stored as application/octet-stream and only ever downloaded", async () => {
    const m = await createMember(parley);
    for (const [bytes, label] of [[HTML, "text/html"], [SVG, "image/svg+xml"]] as const) {
      const up = await uploadOk(m.token, bytes, { contentType: label, name: label === "text/html" ? "page.html" : "logo.svg" });
      expect(up).toMatchObject({ kind: "file", contentType: "application/octet-stream" });
      const res = await fetch(`${parley.url}${up.url}?name=${encodeURIComponent(up.name!)}`);
      expect(res.headers.get("content-type")).toBe("application/octet-stream");
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="parley-${up.url.slice(9, 17)}.bin"; filename*=UTF-8''${up.name}`);
      expectSandboxed(res);
    }
  });

  it("?name= must be a safe name of at most 255 characters; it comes back trimmed for the file message", async () => {
    const m = await createMember(parley);
    expect((await uploadOk(m.token, pdf(), { name: "  季度报告.pdf " })).name).toBe("季度报告.pdf");
    for (const name of ["", "a".repeat(256), "x\u202efdp.exe", "two\nlines"]) {
      const r = await upload(m.token, pdf(), { name });
      expect(r.status, JSON.stringify(name)).toBe(400);
      expect(r.json.appCode).toBe(-1001);
    }
    const empty = await upload(m.token, Buffer.alloc(0));
    expect(empty.json.appCode).toBe(-7000);
  });
});

describe("size limits per kind", () => {
  const KiB = 1024;
  const padded = (b: Buffer, size: number) => Buffer.concat([b, Buffer.alloc(size - b.length, 0x20)]);

  it("images, audio/video and other files each have their own limit (413, -1001 over it)", async () => {
    await withLimits({ image: 16 * KiB, media: 64 * KiB, file: 32 * KiB }, async () => {
      const m = await createMember(parley);
      const cases: [string, Buffer, number][] = [
        ["image", padded(PNG_1x1, 16 * KiB), 200],
        ["image", padded(PNG_1x1, 16 * KiB + 1), 413],
        ["audio", wav((64 * KiB - 44) / 2), 200],
        ["audio", wav((64 * KiB - 44) / 2 + 1), 413],
        ["video", padded(mp4({ handlers: ["vide"] }), 64 * KiB), 200],
        ["video", padded(mp4({ handlers: ["vide"] }), 40 * KiB), 200], // over the file limit, under the media one
        ["file", padded(pdf(), 32 * KiB), 200],
        ["file", padded(pdf(), 32 * KiB + 1), 413],
        ["file", padded(TEXT, 40 * KiB), 413],
      ];
      for (const [kind, bytes, status] of cases) {
        const r = await upload(m.token, bytes);
        expect(r.status, `${kind} of ${bytes.length} bytes`).toBe(status);
        if (status === 200) expect(r.json.kind).toBe(kind);
        // over the largest limit the body is refused while it is read; under it, once its kind is known
        else expect(r.json).toMatchObject({ appCode: -1001, message: expect.stringContaining(bytes.length > 64 * KiB ? "the body" : `this ${kind}`) });
      }
      // over the largest limit: refused before anyone is asked who is calling
      const anon = await upload(null, Buffer.alloc(64 * KiB + 1));
      expect(anon.status).toBe(413);
      expect(anon.json.appCode).toBe(-1001);
    });
  });

  it(`a member may upload ${UPLOAD_LARGEST_PER_MEMBER_PER_MINUTE} of the largest uploads a minute (bytes, not count)`, async () => {
    await withLimits({ image: 8 * KiB, media: 16 * KiB, file: 8 * KiB }, async () => {
      const m = await createMember(parley);
      const big = wav((16 * KiB - 44) / 2);
      for (let i = 0; i < UPLOAD_LARGEST_PER_MEMBER_PER_MINUTE; i++) expect((await upload(m.token, big)).status).toBe(200);
      const limited = await upload(m.token, big);
      expect(limited.status).toBe(429);
      expect(limited.json.appCode).toBe(-1012);
      const other = await createMember(parley);
      expect((await upload(other.token, big)).status).toBe(200); // someone else's budget is their own
    });
  });
});

describe("the widget's visitors upload images only, as before", () => {
  it("a visitor's PNG is accepted; a PDF, a WAV, an MP4, text and HTML are -7000", async () => {
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const ok = await upload(v.visitorToken, PNG_1x1, { contentType: "text/plain" });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ url: expect.any(String), kind: "image", contentType: "image/png", size: PNG_1x1.length, width: 1, height: 1 });
    for (const bytes of [pdf(), wav(), mp4({ handlers: ["vide"] }), TEXT, HTML]) {
      const r = await upload(v.visitorToken, bytes, { contentType: "image/png" });
      expect(r.status).toBe(400);
      expect(r.json.appCode).toBe(-7000);
      expect(r.json.message).toContain("only PNG, JPEG, GIF and WebP");
    }
  });

  it("a visitor's limit stays the image limit, even for bytes a member could send", async () => {
    const v = await newVisitor(parley.url, (await createSite(parley)).key);
    const max = parley.deps.config.uploadMaxBytes;
    const over = await upload(v.visitorToken, Buffer.concat([PNG_1x1, Buffer.alloc(max + 1 - PNG_1x1.length)]));
    expect(over.status).toBe(413);
    expect(over.json.appCode).toBe(-1001);
  });
});

describe("Range requests (players seek; Safari will not play without them)", () => {
  it("206 with Content-Range and exactly the asked bytes; suffix ranges; 416 past the end; If-Range", async () => {
    const m = await createMember(parley);
    const bytes = wav(500); // 1044 bytes of distinct samples
    const { url } = await uploadOk(m.token, bytes);
    const get = (headers: Record<string, string>, method = "GET") => fetch(parley.url + url, { headers, method });

    const part = await get({ range: "bytes=100-299" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-299/${bytes.length}`);
    expect(part.headers.get("content-length")).toBe("200");
    expect(part.headers.get("content-type")).toBe("audio/wav");
    expectSandboxed(part);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 300))).toBe(true);

    const open = await get({ range: "bytes=1000-" });
    expect(open.status).toBe(206);
    expect(Buffer.from(await open.arrayBuffer()).equals(bytes.subarray(1000))).toBe(true);

    const suffix = await get({ range: "bytes=-44" });
    expect(suffix.headers.get("content-range")).toBe(`bytes ${bytes.length - 44}-${bytes.length - 1}/${bytes.length}`);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(bytes.subarray(-44))).toBe(true);

    const first = await get({ range: "bytes=0-1" }); // what Safari asks first
    expect(first.status).toBe(206);
    expect(Buffer.from(await first.arrayBuffer()).toString("latin1")).toBe("RI");

    const past = await get({ range: `bytes=${bytes.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get("content-range")).toBe(`bytes */${bytes.length}`);
    await past.arrayBuffer();

    const etag = part.headers.get("etag")!;
    expect((await get({ range: "bytes=0-9", "if-range": etag })).status).toBe(206);
    const stale = await get({ range: "bytes=0-9", "if-range": '"something-else"' });
    expect(stale.status).toBe(200);
    expect(Buffer.from(await stale.arrayBuffer()).equals(bytes)).toBe(true);

    const head = await get({}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(bytes.length));
  });
});
