import { channelPolicy } from "../../channels";
import type { ChatLogInput, ChatLogPage } from "../../channels/registry";
import type { Deps, Principal } from "../deps";

/** Largest page scrolling back; catch-up after a reconnect (afterId) may ask for more at once. */
export const MAX_PAGE = 200;
/** Catch-up pages: 1,000 missed messages in 2 round trips instead of 20. */
export const MAX_CATCH_UP_PAGE = 500;

/**
 * seed 004 chatLog for every channel: `{logs, nextLog}`, logs oldest first.
 * - no cursor: the latest `number` messages; nextLog = the oldest returned logId (or null)
 * - startId: the `number` messages before startId (exclusive), for scrolling back
 * - afterId: the `number` messages after afterId in order, for catch-up after a reconnect;
 *   nextLog = the last returned logId while more may follow, else null
 */
export function chatLog(deps: Deps, p: Principal, input: ChatLogInput & { channelType: number }): Promise<ChatLogPage> {
  return channelPolicy(input.channelType).chatLog(deps, p, input);
}
