// Parley as it ships (server/runtime.ts, without the Next.js UI, which the benchmark does not
// touch), plus the probe. BENCH_PARLEY_DIR points at another checkout to measure an older
// version side by side with this one.
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installProbe } from "./probe";

const dir = process.env.BENCH_PARLEY_DIR ? path.resolve(process.env.BENCH_PARLEY_DIR) : path.resolve(import.meta.dirname, "../..");
const { startParley } = (await import(pathToFileURL(path.join(dir, "server/runtime.ts")).href)) as typeof import("../../server/runtime");

const parley = await startParley({
  withNext: false,
  port: Number(process.env.PORT ?? 0),
  host: "127.0.0.1",
  demo: "0",
  databaseUrl: process.env.BENCH_DB_URL!,
  redisUrl: process.env.BENCH_REDIS_URL ?? "",
});
installProbe({ url: parley.url, extra: { bus: parley.deps.bus.kind } });
process.on("SIGTERM", async () => {
  await parley.close();
  process.exit(0);
});
// The room scenario's guests: tokens from the room service's visit (what chatRoom.visit answers a
// browser, without its per-address rate limit), minted here so they are this checkout's own.
process.on("message", async (m: { id: number; cmd: string; n?: number }) => {
  if (m.cmd !== "room-guests") return;
  try {
    const file = path.join(dir, "server/services/room/guest.ts");
    if (!existsSync(file)) throw new Error("this Parley has no chat-room guests (server/services/room/guest.ts)");
    const { visitRoom } = (await import(pathToFileURL(file).href)) as { visitRoom(input: { uuid?: string }): { token: string } };
    const tokens = Array.from({ length: m.n ?? 0 }, () => visitRoom({}).token);
    process.send!({ id: m.id, result: { tokens } });
  } catch (err) {
    process.send!({ id: m.id, error: String(err) });
  }
});
// BENCH_WRITER_STATS=1: once a second, how the message writer batched (bench/README.md)
if (process.env.BENCH_WRITER_STATS === "1") {
  // where the writer lives in this checkout (it moved to services/messages when it began serving every channel)
  const writerPath = ["server/services/messages/message-writer.ts", "server/services/support/message-writer.ts"].map((p) => path.join(dir, p)).find((p) => existsSync(p))!;
  const { messageWriter } = await import(pathToFileURL(writerPath).href);
  const w = messageWriter(parley.deps);
  let last = { ...w.stats };
  setInterval(() => {
    const s = w.stats;
    const b = s.batches - last.batches;
    const i = s.items - last.items;
    if (b) console.error(`[writer ${process.pid}] ${b} batches/s, ${(i / Math.max(b, 1)).toFixed(1)} items/batch, largest ${s.largest}, deferred ${s.deferred - last.deferred}, stale ${s.stale - last.stale}, ${((s.ms - last.ms) / b).toFixed(1)} ms/batch`);
    last = { ...s };
  }, 1000).unref();
}
