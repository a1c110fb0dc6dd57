import { channelPolicy } from "../../channels";
import type { ReadResult } from "../../channels/registry";
import type { Deps, Principal } from "../deps";

/**
 * Mark read, every channel (ws eventType 44 and chat33.markRead): the caller's read pointer moves
 * to logId (default: the newest message), never backwards; unread is what came from others after
 * it. Every device of the reader and the other side hear it (event 44).
 */
export function markRead(deps: Deps, p: Principal, input: { channelType: number; targetId: string; logId?: string }): Promise<ReadResult> {
  return channelPolicy(input.channelType).markRead(deps, p, input);
}
