// A big audience's sockets are written in cycles: at once after a quiet spell, then at most one
// cycle per interval, each in passes of `slice` sockets per turn. Fake timers are the clock.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FanoutCycles } from "./fanout-cycles";

class FakeSocket {
  queued: string[] = [];
  writes: string[][] = [];
  constructor(readonly name: string) {}
  /** true when this started the queue, as Connection.enqueueFrame */
  enqueue(frame: string) {
    this.queued.push(frame);
    return this.queued.length === 1;
  }
  flush() {
    if (this.queued.length) this.writes.push(this.queued);
    this.queued = [];
  }
}

describe("FanoutCycles", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "setImmediate", "Date"] }));
  afterEach(() => vi.useRealTimers());

  function room(n: number, cycles: FanoutCycles<FakeSocket>) {
    const sockets = Array.from({ length: n }, (_, i) => new FakeSocket(`s${i}`));
    const send = (frame: string) => {
      for (const s of sockets) if (s.enqueue(frame)) cycles.add(s);
    };
    return { sockets, send };
  }

  it("writes the first message at once, and the ones within the interval together in the next cycle", async () => {
    const cycles = new FanoutCycles<FakeSocket>(50, 1_000);
    const { sockets, send } = room(3, cycles);
    send("m1");
    await vi.advanceTimersByTimeAsync(0); // one turn
    expect(sockets.map((s) => s.writes)).toEqual([[["m1"]], [["m1"]], [["m1"]]]);
    await vi.advanceTimersByTimeAsync(10);
    send("m2");
    await vi.advanceTimersByTimeAsync(20);
    send("m3");
    await vi.advanceTimersByTimeAsync(19); // 49 ms after the first cycle
    expect(sockets[0].writes).toEqual([["m1"]]);
    await vi.advanceTimersByTimeAsync(1); // 50 ms: the next cycle, both in one write
    for (const s of sockets) expect(s.writes).toEqual([["m1"], ["m2", "m3"]]);
    // a quiet spell longer than the interval: the next message leaves at once again
    await vi.advanceTimersByTimeAsync(200);
    send("m4");
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets[2].writes).toEqual([["m1"], ["m2", "m3"], ["m4"]]);
  });

  it("writes a cycle in passes of `slice` sockets, one per turn; a socket queued meanwhile waits for the next cycle", async () => {
    const cycles = new FanoutCycles<FakeSocket>(50, 2);
    const { sockets, send } = room(5, cycles);
    const start = Date.now();
    send("m1");
    const written = () => sockets.filter((s) => s.writes.length > 0).length;
    const turn = () => vi.advanceTimersToNextTimerAsync(); // the next timer only: one pass
    await turn();
    expect(written()).toBe(2);
    send("m2"); // s0 and s1 start a queue for the next cycle; the rest still hold m1
    await turn();
    expect(written()).toBe(4);
    await turn();
    expect(sockets.map((s) => s.writes)).toEqual([[["m1"]], [["m1"]], [["m1", "m2"]], [["m1", "m2"]], [["m1", "m2"]]]);
    await turn(); // the next cycle, for s0 and s1: an interval after the first began
    expect(Date.now()).toBe(start + 50);
    expect(sockets.map((s) => s.writes)).toEqual([[["m1"], ["m2"]], [["m1"], ["m2"]], [["m1", "m2"]], [["m1", "m2"]], [["m1", "m2"]]]);
  });

  it("a socket that closed is not written", async () => {
    const cycles = new FanoutCycles<FakeSocket>(0, 100);
    const { sockets, send } = room(2, cycles);
    send("m1");
    cycles.delete(sockets[1]);
    await vi.advanceTimersByTimeAsync(0);
    expect(sockets.map((s) => s.writes.length)).toEqual([1, 0]);
  });
});
