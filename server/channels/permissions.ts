// Who may do what in a conversation, as data (STYLE.md "permissions as data"): per channel, the
// caller's role in the conversation → the actions it allows. Services ask `can`/`requireAction`;
// the UI gets `viewerCan` from the server and never re-derives a rule.
import { AppError } from "../errors/app-error";
import type { AppCode } from "../errors/codes";

export const CHANNEL_ACTIONS = ["read", "write", "recallOwn", "recallAny", "hide"] as const;
export type ChannelAction = (typeof CHANNEL_ACTIONS)[number];

/** role → the actions it allows; a caller with no role in a conversation may do nothing (and sees -6000) */
export type PermissionTable = Readonly<Record<string, readonly ChannelAction[]>>;

export interface ChannelPermissions {
  roles: PermissionTable;
  /** the seed code for a caller whose role lacks the action (a caller with no role at all gets -6000) */
  denied: Partial<Record<ChannelAction, AppCode>>;
}

export function can(perms: ChannelPermissions, role: string | null, action: ChannelAction): boolean {
  return role !== null && (perms.roles[role]?.includes(action) ?? false);
}

/**
 * Throws unless `role` allows `action`. No role — someone else's conversation, or none — is
 * -6000 exactly like a missing one, unless the channel names a code for the action (friend chat
 * says -2018 "not your friend" to a write, as the seed does).
 */
export function requireAction(perms: ChannelPermissions, role: string | null, action: ChannelAction): void {
  if (can(perms, role, action)) return;
  throw new AppError(perms.denied[action] ?? (role === null ? -6000 : -3000));
}

/** what the UI may offer in this conversation */
export function viewerCan(perms: ChannelPermissions, role: string | null) {
  return {
    send: can(perms, role, "write"),
    recall: can(perms, role, "recallOwn") || can(perms, role, "recallAny"),
    delete: can(perms, role, "hide"),
  };
}
export type ViewerCan = ReturnType<typeof viewerCan>;
