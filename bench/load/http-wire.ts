// The load generator's HTTP/1.1 client for the packet scenario's claims: one keep-alive TCP
// connection, one request at a time on it. The servers see what any client sends (a POST with
// Host, Content-Type, Content-Length and the caller's headers); the generator writes each
// request as one string and reads the answer straight off the stream — status line, headers,
// then the body by Content-Length (or chunked, or until the server closes). Through node:http's
// client each claim cost the generator ~220 µs of the core it shares with PostgreSQL, enough to
// slow the database both servers wait on and to delay reading answers that had arrived
// (bench/README.md "packet"). Not for anything but the bench.
import { connect as tcpConnect, type Socket } from "node:net";

export interface HttpAnswer {
  status: number;
  /** the body, decoded as UTF-8 */
  text: string;
}

export interface HttpWire {
  /** POST `body` to `path` with these extra headers; one at a time per wire */
  post(path: string, headers: Record<string, string>, body: string): Promise<HttpAnswer>;
  /** whether the connection is still usable for the next request */
  readonly open: boolean;
  close(): void;
}

/** resolves once the TCP connection is up */
export function openHttpWire(url: string): Promise<HttpWire> {
  const u = new URL(url);
  const socket: Socket = tcpConnect({ host: u.hostname, port: Number(u.port || 80), noDelay: true });
  let open = true;
  let pending: Buffer | null = null;
  let waiting: { resolve: (a: HttpAnswer) => void; reject: (e: Error) => void } | null = null;

  const fail = (err: Error) => {
    open = false;
    const w = waiting;
    waiting = null;
    w?.reject(err);
  };
  const done = (a: HttpAnswer) => {
    const w = waiting;
    waiting = null;
    pending = null;
    w?.resolve(a);
  };

  /** the answer in `buf`, if it is all there: its status, body and bytes used; null when more must come */
  const parse = (buf: Buffer, closed: boolean): { status: number; text: string; used: number; close: boolean } | null => {
    const headEnd = buf.indexOf("\r\n\r\n");
    if (headEnd < 0) return null;
    const head = buf.toString("latin1", 0, headEnd);
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
    const close = /\r\nconnection: *close/i.test(head);
    const start = headEnd + 4;
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (length) {
      const end = start + Number(length[1]);
      return buf.length < end ? null : { status, text: buf.toString("utf8", start, end), used: end, close };
    }
    if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let at = start;
      for (;;) {
        const lineEnd = buf.indexOf("\r\n", at);
        if (lineEnd < 0) return null;
        const size = parseInt(buf.toString("latin1", at, lineEnd), 16);
        if (Number.isNaN(size)) throw new Error("a bad chunk size");
        const dataEnd = lineEnd + 2 + size;
        if (buf.length < dataEnd + 2) return null;
        if (size === 0) {
          // no trailers are sent to us: the last chunk's empty line ends the answer
          return { status, text: Buffer.concat(parts).toString("utf8"), used: dataEnd + 2, close };
        }
        parts.push(buf.subarray(lineEnd + 2, dataEnd));
        at = dataEnd + 2;
      }
    }
    // neither: the body runs until the server closes
    return closed ? { status, text: buf.toString("utf8", start), used: buf.length, close: true } : null;
  };

  socket.on("data", (chunk: Buffer) => {
    const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
    if (!waiting) {
      pending = null;
      return fail(new Error("the server sent bytes nobody asked for"));
    }
    let answer;
    try {
      answer = parse(buf, false);
    } catch (err) {
      socket.destroy();
      return fail(err as Error);
    }
    if (!answer) {
      pending = buf;
      return;
    }
    if (answer.used < buf.length) {
      socket.destroy();
      return fail(new Error("the server sent more than one answer"));
    }
    if (answer.close) {
      open = false;
      socket.end();
    }
    done({ status: answer.status, text: answer.text });
  });
  socket.on("error", (err) => fail(err));
  socket.on("close", () => {
    if (waiting && pending) {
      const answer = parse(pending, true);
      if (answer) return (open = false), done({ status: answer.status, text: answer.text });
    }
    fail(new Error("the connection closed before the answer"));
  });

  const wire: HttpWire = {
    get open() {
      return open;
    },
    post(path, headers, body) {
      if (!open) return Promise.reject(new Error("the connection is closed"));
      if (waiting) return Promise.reject(new Error("one request at a time"));
      let head = `POST ${path} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
      for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
      return new Promise<HttpAnswer>((resolve, reject) => {
        waiting = { resolve, reject };
        socket.write(`${head}\r\n${body}`);
      });
    },
    close() {
      open = false;
      socket.destroy();
    },
  };
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(wire));
    socket.once("error", reject);
  });
}
