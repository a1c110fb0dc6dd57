import { AppError } from "../errors/app-error";

/** A wire id (a string of digits, server/protocol/frames.ts ZId) as a number; anything else is -1001. */
export function parseId(raw: string): number {
  const n = Number(raw);
  if (!/^[1-9][0-9]{0,17}$/.test(raw) || !Number.isSafeInteger(n)) throw new AppError(-1001, "id must be a numeric string");
  return n;
}
