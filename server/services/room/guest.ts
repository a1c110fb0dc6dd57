// Anonymous chat-room visitors ("guests"): chatRoom.visit hands out a token that names a uuid
// the browser keeps (the seed's FZM-UUID) and is signed with the server's secret, so nobody
// can claim another guest's uuid. Nothing is stored: a guest may join rooms, read and listen,
// and is refused anything else (-2008 to a write).
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { AppError } from "../../errors/app-error";
import type { GuestPrincipal } from "../deps";

const PREFIX = "pg_";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function secret(): string {
  const s = process.env.AUTH_SECRET;
  if (!s) throw new AppError(-9000, "AUTH_SECRET is not set");
  return s;
}

const sign = (uuid: string) => createHmac("sha256", secret()).update(`parley-room-guest:${uuid}`).digest("base64url");

export const isGuestUuid = (s: string) => UUID.test(s);

/** a token for this uuid (the browser's own, when it has one) — or for a new one */
export function visitRoom(input: { uuid?: string }): { token: string; uuid: string } {
  const uuid = input.uuid?.toLowerCase() ?? randomUUID();
  if (!isGuestUuid(uuid)) throw new AppError(-1001, "uuid: must be a UUID");
  return { token: `${PREFIX}${uuid}.${sign(uuid)}`, uuid };
}

/** a guest token → the guest; null when it is not one of ours */
export function guestFromToken(token: string): GuestPrincipal | null {
  if (!token.startsWith(PREFIX)) return null;
  const [uuid, sig] = token.slice(PREFIX.length).split(".");
  if (!uuid || !sig || !isGuestUuid(uuid)) return null;
  const want = Buffer.from(sign(uuid));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  return guestOf(uuid);
}

/** the compat API's `FZM-UUID` header: an unsigned uuid names a guest for reading only */
export function guestOf(uuid: string): GuestPrincipal {
  return { kind: "guest", sessionId: `g${uuid}`, guestId: uuid };
}

/** what other people see of a guest: "Guest 3f2a" */
export const guestName = (uuid: string) => `Guest ${uuid.slice(0, 4)}`;
