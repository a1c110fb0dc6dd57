import { AppError } from "../../errors/app-error";

/**
 * The device types a client may name (seed 004 约定 `FZM-DEVICE`). A member has one active
 * session per device type: a second phone signing in ends the first (-1007).
 */
export const CLIENT_DEVICES = ["android", "ios", "pc", "web"] as const;
export type ClientDevice = (typeof CLIENT_DEVICES)[number];

/**
 * The agent console's device type. Internal: only next-auth's sign-in (through the bridge)
 * issues it, so a client cannot end someone's console session by naming it.
 */
export const CONSOLE_DEVICE = "console";
export type SessionDevice = ClientDevice | typeof CONSOLE_DEVICE;

/**
 * `FZM-DEVICE` header or `device` field → the device type, in any case; nothing → "web"
 * (a browser is the client that sends no header). Anything else is -1006.
 */
export function parseDevice(raw: string | null | undefined): ClientDevice {
  const v = (raw ?? "").trim().toLowerCase();
  if (v === "") return "web";
  if ((CLIENT_DEVICES as readonly string[]).includes(v)) return v as ClientDevice;
  throw new AppError(-1006, `device must be one of ${CLIENT_DEVICES.join(", ")}`);
}

/** The `device` input wins over the header: a body field is the more deliberate of the two. */
export const deviceOf = (input: { device?: string }, header: string | null) => parseDevice(input.device ?? header);
