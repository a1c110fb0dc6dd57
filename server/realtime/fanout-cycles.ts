/**
 * How a big audience's queued frames reach the wire (Gateway.deliver): in cycles, each written
 * in passes of `slice` sockets per turn of the event loop, and at most one cycle per
 * `intervalMs`. The first frame after a quiet spell leaves at once; the frames queued within the
 * interval after a cycle began leave together in the next one, one write per socket.
 *
 * Why: a write to a socket costs about what a whole message does (a system call, and the
 * loopback's TCP work on top), so a room of 5,000 at 30 messages/s made 150,000 writes/s and
 * filled the core (bench/README.md "room"); in cycles it makes at most 5,000 ÷ interval however
 * busy the room is. Passes keep one cycle from holding the event loop: acks, answers and
 * database replies get a turn between them.
 */
export interface Flushable {
  /** write what is queued for this socket, in one TCP write */
  flush(): void;
}

export class FanoutCycles<C extends Flushable> {
  /** sockets with queued frames for the next cycle */
  private next = new Set<C>();
  /** the cycle being written */
  private current: Iterator<C> | null = null;
  private scheduled = false;
  private lastCycleAt = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly slice: number,
  ) {}

  /** a socket whose queue has just started (Connection.enqueueFrame said so) */
  add(conn: C) {
    this.next.add(conn);
    this.schedule();
  }

  /** a socket that closed */
  delete(conn: C) {
    this.next.delete(conn);
  }

  private schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.lastCycleAt + this.intervalMs - Date.now();
    if (wait > 0) setTimeout(this.pass, wait);
    else setImmediate(this.pass);
  }

  private pass = () => {
    if (!this.current) {
      // a new cycle: the sockets queued so far; those queued from now on wait for the next one
      this.lastCycleAt = Date.now();
      this.current = this.next.values();
      this.next = new Set();
    }
    for (let n = 0; n < this.slice; n++) {
      const step = this.current.next();
      if (step.done) {
        this.current = null;
        this.scheduled = false;
        if (this.next.size) this.schedule();
        return;
      }
      step.value.flush();
    }
    setImmediate(this.pass);
  };
}
