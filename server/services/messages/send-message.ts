import { channelPolicy } from "../../channels";
import type { SendInput, SendResult } from "../../channels/registry";
import type { Deps, Principal } from "../deps";

/**
 * Store one message of any channel, then tell everyone (ws eventType 0 and its callers). The
 * message is committed before any frame leaves; a resend of the same msgId returns the stored
 * message and tells nobody again. The channel's policy says who may write and who hears it.
 */
export function sendMessage(deps: Deps, p: Principal, input: SendInput & { channelType: number }, opts: { exceptConn?: string } = {}): Promise<SendResult> {
  return channelPolicy(input.channelType).send(deps, p, input, opts);
}
