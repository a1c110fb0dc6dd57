import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { uploads } from "../../../db/schema";
import { startUploadCleanup } from "../../jobs/upload-cleanup";
import type { Parley } from "../../runtime";
import { createSite, newVisitor, PNG_1x1, startTestParley, TestSocket } from "../../testing/harness";

let parley: Parley;
beforeAll(async () => {
  parley = await startTestParley();
});
afterAll(async () => {
  await parley?.close();
});

async function upload(token: string) {
  const res = await fetch(`${parley.url}/api/upload`, { method: "POST", body: PNG_1x1, headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const { url } = (await res.json()) as { url: string };
  return { url, id: url.slice("/uploads/".length) };
}

describe("unused uploads are cleaned up", () => {
  it("an upload no message used is deleted once older than PARLEY_UPLOAD_UNUSED_TTL_MS; a used one stays", async () => {
    const ttl = parley.deps.config.uploadUnusedTtlMs;
    const site = await createSite(parley);
    const v = await newVisitor(parley.url, site.key);
    const ws = await TestSocket.open(parley.url, v.visitorToken);
    const [unused, used, younger] = [await upload(v.visitorToken), await upload(v.visitorToken), await upload(v.visitorToken)];
    const sent = await ws.request({ eventType: 0, msgId: "img", channelType: 4, targetId: v.conversationId, msgType: 3, msg: { imageUrl: used.url } });
    expect(sent).toMatchObject({ logId: expect.any(String) });
    const [row] = await parley.deps.db.select({ usedAt: uploads.usedAt }).from(uploads).where(eq(uploads.id, used.id));
    expect(row.usedAt).toEqual(expect.any(Number)); // sending it marked it used

    // Back-date our rows to 1970 so the job's cutoff can sit between them without touching any
    // other test's uploads in a shared database: "now" is chosen, never slept for.
    await parley.deps.db.update(uploads).set({ createdAt: 1_000 }).where(inArray(uploads.id, [unused.id, used.id]));
    await parley.deps.db.update(uploads).set({ createdAt: 10_000 }).where(eq(uploads.id, younger.id));
    const ids = async () => (await parley.deps.db.select({ id: uploads.id }).from(uploads).where(inArray(uploads.id, [unused.id, used.id, younger.id]))).map((r) => r.id).sort();

    let now = 1_000 + ttl; // exactly TTL old: not yet
    const job = startUploadCleanup(parley.deps, { now: () => now });
    try {
      await job.runOnce();
      expect(await ids()).toEqual([unused.id, used.id, younger.id].sort());

      now = 5_000 + ttl; // the first two are past it; `younger` is not
      await job.runOnce();
      expect(await ids()).toEqual([used.id, younger.id].sort());
      expect((await fetch(parley.url + unused.url)).status).toBe(404);
      // a message cannot use it any more
      expect(await ws.request({ eventType: 0, msgId: "img2", channelType: 4, targetId: v.conversationId, msgType: 3, msg: { imageUrl: unused.url } })).toMatchObject({ code: -7000 });

      now = 20_000 + ttl;
      await job.runOnce();
      await job.runOnce(); // idempotent
      expect(await ids()).toEqual([used.id]);
      expect((await fetch(parley.url + used.url)).status).toBe(200);
    } finally {
      await job.stop();
    }
  });
});
