// Who may do what in a conversation, as data (STYLE.md "permissions as data"): per channel, the
// caller's role in the conversation → the actions it allows. Services ask `can`/`requireAction`;
// the UI gets `viewerCan` from the server and never re-derives a rule.
import { AppError } from "../errors/app-error";
import type { AppCode } from "../errors/codes";

export const CHANNEL_ACTIONS = ["read", "write", "recallOwn", "recallAny", "hide"] as const;
export type ChannelAction = (typeof CHANNEL_ACTIONS)[number];

/**
 * role → the actions it allows; a caller with no role in a conversation may do nothing (and
 * sees -6000). A channel may add actions of its own (a group's invite, kick, dissolve…) to the
 * message path's.
 */
export type PermissionTable<A extends string = ChannelAction> = Readonly<Record<string, readonly A[]>>;

export interface ChannelPermissions<A extends string = ChannelAction> {
  roles: PermissionTable<A>;
  /** the seed code for a caller whose role lacks the action (a caller with no role at all gets -6000) */
  denied: Partial<Record<A, AppCode>>;
}

export function can<A extends string>(perms: ChannelPermissions<A>, role: string | null, action: A): boolean {
  return role !== null && (perms.roles[role]?.includes(action) ?? false);
}

/**
 * Throws unless `role` allows `action`. No role — someone else's conversation, or none — is
 * -6000 exactly like a missing one, unless the channel names a code for the action (friend chat
 * says -2018 "not your friend" to a write, as the seed does).
 */
export function requireAction<A extends string>(perms: ChannelPermissions<A>, role: string | null, action: A, detail?: string): void {
  if (can(perms, role, action)) return;
  const code = perms.denied[action] ?? (role === null ? -6000 : -3000);
  throw new AppError(code, code === -6000 ? undefined : detail);
}

/** what the UI may offer in this conversation */
export function viewerCan(perms: ChannelPermissions<string>, role: string | null) {
  return {
    send: can(perms, role, "write"),
    recall: can(perms, role, "recallOwn") || can(perms, role, "recallAny"),
    /** anyone's message, at any time (a group's owner and admins) */
    recallAny: can(perms, role, "recallAny"),
    delete: can(perms, role, "hide"),
  };
}
/** …and, where the channel carries red packets, whether the caller may send one (the conversation's setting) */
export type ViewerCan = ReturnType<typeof viewerCan> & { sendPacket?: boolean };
