// The message kinds (msgType) and their `msg` shapes, once for every channel. A channel's policy
// names which kinds it carries; parseMsg refuses the rest.
import { AppError } from "../errors/app-error";
import { MsgType, ZImageMsg, ZTextMsg } from "../protocol/frames";
import { ZAudioMsg, ZFileMsg, ZVideoMsg } from "../protocol/media-msgs";

const SHAPES = {
  [MsgType.text]: ZTextMsg,
  [MsgType.image]: ZImageMsg,
  [MsgType.audio]: ZAudioMsg,
  [MsgType.video]: ZVideoMsg,
  [MsgType.file]: ZFileMsg,
} as const;

/** `msg` checked against its kind: -1005 for a kind this channel does not carry, -7000 for a bad shape */
export function parseMsg(allowed: readonly number[], msgType: number, msg: unknown, channelName: string): Record<string, unknown> {
  const shape = (SHAPES as Record<number, (typeof SHAPES)[keyof typeof SHAPES]>)[msgType];
  if (!allowed.includes(msgType) || !shape) throw new AppError(-1005, `msgType ${msgType} is not supported in ${channelName}`);
  const parsed = shape.safeParse(msg);
  if (!parsed.success) throw new AppError(-7000, parsed.error.issues[0]?.message);
  return parsed.data as Record<string, unknown>;
}
