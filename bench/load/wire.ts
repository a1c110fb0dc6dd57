// The load generator's WebSocket client (RFC 6455), for its thousands of sockets. The servers
// under test see what any client sends — an HTTP/1.1 upgrade, masked frames (the mask key is
// zero: the standard requires the bit, not a secret), pong for ping, a close handshake — and
// the generator reads server frames straight off the TCP stream: no stream object, no event
// emitter, no UTF-8 validation per frame. Through the `ws` client every frame cost the
// generator about 5 µs, and in the room scenario (5,000 sockets receiving each message) that,
// not the server, was the limit (bench/README.md "room").
//
// What it reads is ASCII (ids, event types, numbers): frames are decoded as latin1, which is
// cheaper than UTF-8 and keeps every ASCII byte as it is. Not for anything but the bench.
import { createHash, randomBytes } from "node:crypto";
import { connect as tcpConnect, type Socket } from "node:net";

export interface WireHandlers {
  /** the upgrade was accepted (the adapters wait for the server's hello frame instead) */
  onOpen?(): void;
  /** a text (or binary) message, decoded as latin1 */
  onMessage(text: string): void;
  /** the socket ended: the server's close code, 1006 when it just went away */
  onClose(code: number): void;
  /** the upgrade was answered with something else than 101 (its status), or the socket failed */
  onError(err: Error, status?: number): void;
}

export interface Wire {
  send(text: string): void;
  close(): void;
}

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const OP_CONT = 0, OP_TEXT = 1, OP_BINARY = 2, OP_CLOSE = 8, OP_PING = 9;

/** a client frame: FIN, the opcode, the mask bit with key 0 (so the payload goes as it is) */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? 6 : n < 65_536 ? 8 : 14;
  const f = Buffer.allocUnsafe(head + n);
  f[0] = 0x80 | opcode;
  if (n < 126) f[1] = 0x80 | n;
  else if (n < 65_536) {
    f[1] = 0x80 | 126;
    f.writeUInt16BE(n, 2);
  } else {
    f[1] = 0x80 | 127;
    f.writeBigUInt64BE(BigInt(n), 2);
  }
  f.writeUInt32BE(0, head - 4);
  payload.copy(f, head);
  return f;
}

export function openWire(url: string, h: WireHandlers): Wire {
  const u = new URL(url);
  const key = randomBytes(16).toString("base64");
  const socket: Socket = tcpConnect({ host: u.hostname, port: Number(u.port || 80), noDelay: true });
  let open = false;
  let ended = false;
  let closeCode = 1006;
  /** bytes not parsed yet: the handshake's, then a partial frame's */
  let pending: Buffer | null = null;
  /** a fragmented message so far */
  let fragments: Buffer[] | null = null;

  const end = (code: number) => {
    if (ended) return;
    ended = true;
    socket.destroy();
    if (open) h.onClose(code);
  };
  socket.on("connect", () => {
    socket.write(
      `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
  socket.on("error", (err) => {
    if (!open) h.onError(err);
    end(1006);
  });
  socket.on("close", () => end(closeCode));
  socket.on("data", (chunk: Buffer) => {
    let buf = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = null;
    if (!open) {
      const headEnd = buf.indexOf("\r\n\r\n");
      if (headEnd < 0) {
        pending = buf;
        return;
      }
      const head = buf.toString("latin1", 0, headEnd);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const accept = /\r\nsec-websocket-accept: *([^\r\n]+)/i.exec(head)?.[1]?.trim();
      if (status !== 101 || accept !== createHash("sha1").update(key + GUID).digest("base64")) {
        h.onError(new Error(`upgrade refused ${status}`), status);
        return end(1006);
      }
      open = true;
      h.onOpen?.();
      buf = buf.subarray(headEnd + 4);
    }
    let o = 0;
    while (buf.length - o >= 2) {
      const b0 = buf[o];
      const b1 = buf[o + 1];
      let len = b1 & 0x7f;
      let at = o + 2;
      if (len === 126) {
        if (buf.length - o < 4) break;
        len = buf.readUInt16BE(o + 2);
        at = o + 4;
      } else if (len === 127) {
        if (buf.length - o < 10) break;
        len = Number(buf.readBigUInt64BE(o + 2));
        at = o + 10;
      }
      if (b1 & 0x80) return h.onError(new Error("a server frame must not be masked")), end(1002);
      if (buf.length - at < len) break;
      const payload = buf.subarray(at, at + len);
      o = at + len;
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      if (opcode === OP_TEXT || opcode === OP_BINARY || opcode === OP_CONT) {
        if (!fin) {
          (fragments ??= []).push(Buffer.from(payload));
          continue;
        }
        if (fragments) {
          fragments.push(payload);
          const whole = Buffer.concat(fragments);
          fragments = null;
          h.onMessage(whole.toString("latin1"));
        } else h.onMessage(payload.toString("latin1"));
        if (ended) return;
      } else if (opcode === OP_PING) {
        socket.write(clientFrame(0x0a, Buffer.from(payload)));
      } else if (opcode === OP_CLOSE) {
        closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        socket.end(clientFrame(OP_CLOSE, payload.length >= 2 ? payload.subarray(0, 2) : Buffer.alloc(0)));
        return end(closeCode);
      }
      // pong (10): nothing to do
    }
    if (o < buf.length) pending = Buffer.from(buf.subarray(o));
  });

  return {
    send(text) {
      if (open && !ended) socket.write(clientFrame(OP_TEXT, Buffer.from(text, "utf8")));
    },
    close() {
      if (ended) return;
      if (!open) return end(1006);
      const code = Buffer.allocUnsafe(2);
      code.writeUInt16BE(1000, 0);
      socket.end(clientFrame(OP_CLOSE, code));
      closeCode = 1000;
      // our own close: no onClose (the adapters report only closes the server made)
      ended = true;
      setTimeout(() => socket.destroy(), 1_000).unref();
    },
  };
}
