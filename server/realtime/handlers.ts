// One handler per client eventType. Handlers stay thin: parse, call the service, answer.
import { AppError, toAppError } from "../errors/app-error";
import { ChannelType, decodeClientFrame, EventType, type TClientFrame } from "../protocol/frames";
import type { Deps } from "../services/deps";
import { markRead } from "../services/support/mark-read";
import { sendSupportMessage } from "../services/support/send-message";
import type { Connection } from "./connection";

export async function handleFrame(deps: Deps, conn: Connection, text: string) {
  const decoded = decodeClientFrame(text);
  if (!decoded.ok) {
    return fail(conn, decoded.eventType, decoded.msgId, new AppError(decoded.code, decoded.detail));
  }
  const frame = decoded.frame;
  if (!conn.bucket.take()) return fail(conn, frame.eventType, frame.msgId, new AppError(-1012));
  try {
    await handlers[frame.eventType](deps, conn, frame as never);
  } catch (err) {
    if (!(err instanceof AppError)) console.error("[ws] unexpected error", err);
    fail(conn, frame.eventType, frame.msgId, toAppError(err));
  }
}

type Handler<E extends TClientFrame["eventType"]> = (deps: Deps, conn: Connection, frame: Extract<TClientFrame, { eventType: E }>) => Promise<void>;

const handlers: { [E in TClientFrame["eventType"]]: Handler<E> } = {
  [EventType.message]: async (deps, conn, f) => {
    if (f.channelType !== ChannelType.support) {
      throw new AppError(-1001, `channelType ${f.channelType} is not available on this server yet`);
    }
    const { data } = await sendSupportMessage(
      deps,
      conn.principal,
      { msgId: f.msgId, conversationId: f.targetId, msgType: f.msgType, msg: f.msg },
      { exceptConn: conn.id },
    );
    // the sender's own copy, with its msgId, is the ack (also for a resend): the very string
    // the other recipients get, serialized once
    conn.send(data);
  },
  [EventType.read]: async (deps, conn, f) => {
    const res = await markRead(deps, conn.principal, { id: f.targetId, logId: f.logId });
    conn.sendJson({
      eventType: 44,
      msgId: f.msgId,
      code: 0,
      channelType: 4,
      targetId: res.id,
      reader: conn.principal.kind === "visitor" ? "visitor" : "agent",
      logId: res.logId,
    });
  },
  [EventType.ping]: async (_deps, conn, f) => {
    conn.sendJson({ eventType: 99, msgId: f.msgId, code: 0, serverTime: Date.now() });
  },
};

function fail(conn: Connection, eventType: number, msgId: string, err: AppError) {
  conn.sendJson({ eventType, msgId, code: err.code, content: err.localized(conn.locale) });
}
