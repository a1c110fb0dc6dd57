// What the public red packet page calls: the link procedures of the shared red packet router
// (app/_lib/packet-api.ts — the shapes live there, once) and user.sendSms for registering.
import { packetApi, type PacketRouter } from "../../_lib/packet-api";
import type { ApiClient } from "../../_lib/trpc";

export type { PacketState, TEntry, TGrab, TPacketClaim, TPacketInfo, TRegisterEntry } from "../../_lib/packet-api";

export interface ClaimApi {
  redPacket: Pick<PacketRouter, "info" | "receive" | "entry" | "registerEntry">;
  user: { sendSms: { mutate(input: { mobile: string }): Promise<unknown> } };
}

/** the same tRPC client, seen through these shapes (no cast: a mismatch is a type error) */
export function claimApi(api: ApiClient): ClaimApi {
  return { redPacket: packetApi(api), user: api.user };
}
