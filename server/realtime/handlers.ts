// One handler per client eventType. Handlers stay thin: parse, call the service, answer.
import type { RawData } from "ws";
import { AppError, logUnexpected, toAppError } from "../errors/app-error";
import { ChannelType, decodeClientFrame, EventType, type TClientFrame } from "../protocol/frames";
import type { Deps } from "../services/deps";
import { markRead } from "../services/messages/mark-read";
import { sendMessage } from "../services/messages/send-message";
import { parseId } from "../services/parse-id";
import { enterableRoom } from "../services/room/rooms";
import { audience } from "../bus/bus";
import type { Connection } from "./connection";

/**
 * Every frame a socket receives, as ws hands it over. It is counted against the socket's rate
 * limit before anything else — text or binary, decodable or not — so garbage costs its sender
 * like any frame. Over the limit, the first frame of the burst is answered -1012 and the rest
 * are dropped without an answer until a frame is accepted again (Connection.admitFrame).
 * Answers keep the order of the frames: everything goes through the socket's queue.
 */
export function receiveFrame(deps: Deps, conn: Connection, data: RawData, isBinary: boolean) {
  const admitted = conn.admitFrame();
  if (admitted === "drop") return;
  if (admitted === "refuse") {
    // one frame per burst is parsed, only to say which msgId was refused
    const { eventType, msgId } = isBinary ? { eventType: 0, msgId: "" } : idsOf(data.toString());
    return conn.enqueue(async () => fail(conn, eventType, msgId, new AppError(-1012)));
  }
  if (isBinary) return conn.enqueue(async () => fail(conn, 0, "", new AppError(-1005, "binary frames are not supported")));
  conn.enqueue(() => handleFrame(deps, conn, data.toString()));
}

export async function handleFrame(deps: Deps, conn: Connection, text: string) {
  // queued before its session ended (the socket is closing with 4001): not acted on
  if (conn.ws.readyState !== conn.ws.OPEN) return;
  const decoded = decodeClientFrame(text);
  if (!decoded.ok) {
    return fail(conn, decoded.eventType, decoded.msgId, new AppError(decoded.code, decoded.detail));
  }
  const frame = decoded.frame;
  try {
    await handlers[frame.eventType](deps, conn, frame as never);
  } catch (err) {
    if (!(err instanceof AppError)) logUnexpected("ws", err);
    fail(conn, frame.eventType, frame.msgId, toAppError(err));
  }
}

/** eventType and msgId of a frame, if it has them (for the -1012 answer). */
function idsOf(text: string): { eventType: number; msgId: string } {
  try {
    const o = JSON.parse(text) as { eventType?: unknown; msgId?: unknown } | null;
    if (o && typeof o === "object") {
      return { eventType: typeof o.eventType === "number" ? o.eventType : 0, msgId: typeof o.msgId === "string" ? o.msgId.slice(0, 64) : "" };
    }
  } catch {
    // not JSON: the answer names no frame
  }
  return { eventType: 0, msgId: "" };
}

type Handler<E extends TClientFrame["eventType"]> = (deps: Deps, conn: Connection, frame: Extract<TClientFrame, { eventType: E }>) => Promise<void>;

const handlers: { [E in TClientFrame["eventType"]]: Handler<E> } = {
  [EventType.message]: async (deps, conn, f) => {
    // any channel the registry carries; the others are -1001
    const { data } = await sendMessage(
      deps,
      conn.principal,
      { channelType: f.channelType, msgId: f.msgId, targetId: f.targetId, msgType: f.msgType, msg: f.msg },
      { exceptConn: conn.id },
    );
    // the sender's own copy, with its msgId, is the ack (also for a resend): the very string
    // the other recipients get, serialized once
    conn.send(data);
  },
  [EventType.read]: async (deps, conn, f) => {
    const res = await markRead(deps, conn.principal, { channelType: f.channelType, targetId: f.targetId, logId: f.logId });
    const who =
      f.channelType === ChannelType.support
        ? { reader: conn.principal.kind === "visitor" ? "visitor" : "agent" }
        : { readerId: String(conn.principal.kind === "member" ? conn.principal.userId : 0) };
    conn.sendJson({ eventType: 44, msgId: f.msgId, code: 0, channelType: f.channelType, targetId: res.targetId, ...who, logId: res.logId });
  },
  // seed 004 eventType 1 / 2: this socket enters / leaves a chat room (hears it, may write there)
  [EventType.joinRoom]: async (deps, conn, f) => {
    const roomId = await enterableRoom(deps, conn.principal, f.groupId);
    conn.hub.join(conn, audience.room(roomId));
    conn.sendJson({ eventType: 1, msgId: f.msgId, code: 0, content: "", groupId: String(roomId) });
  },
  [EventType.leaveRoom]: async (_deps, conn, f) => {
    // leaving a room you are not in (or that is gone) is already done
    conn.hub.leave(conn, audience.room(parseId(f.groupId)));
    conn.sendJson({ eventType: 2, msgId: f.msgId, code: 0, content: "", groupId: f.groupId });
  },
  [EventType.ping]: async (_deps, conn, f) => {
    conn.sendJson({ eventType: 99, msgId: f.msgId, code: 0, serverTime: Date.now() });
  },
};

/** the client eventTypes this server handles (the authorization test needs a row for each) */
export const HANDLED_EVENT_TYPES = Object.keys(handlers).map(Number);

function fail(conn: Connection, eventType: number, msgId: string, err: AppError) {
  conn.sendJson({ eventType, msgId, code: err.code, content: err.localized(conn.locale) });
}
