import { audience } from "../../bus/bus";
import { CloseCode } from "../../realtime/close-codes";
import type { Deps } from "../deps";

/**
 * Why a session ended, as the close reason of its sockets (code 4001): the seed code first,
 * so a client can tell "signed in elsewhere" (-1007) from "signed out" (-1003) without a table.
 */
export const SessionEnd = {
  signedOut: "-1003 signed out",
  revoked: "-1003 session revoked",
  elsewhere: "-1007 signed in elsewhere",
  /** an admin banned the account (services/user/ban.ts) */
  suspended: "-3000 account suspended",
} as const;

/** Principal.sessionId: the kind of credential and its row, `m<api_tokens.id>` or `v<visitor_sessions.id>`. */
export const memberSessionId = (apiTokenId: number) => `m${apiTokenId}`;
export const visitorSessionId = (visitorSessionRowId: number) => `v${visitorSessionRowId}`;
export const sessionRowId = (sessionId: string) => Number(sessionId.slice(1));

/** Close every socket of these sessions, on every process (after the revocation committed). */
export async function closeSessions(deps: Deps, sessionIds: string[], reason: string) {
  if (sessionIds.length === 0) return;
  const appCode = Number(reason.split(" ")[0]);
  await deps.bus.publishControl({ type: "close", audiences: sessionIds.map(audience.session), code: CloseCode.sessionEnded, reason, appCode });
}

/** These users' sockets on every process start (or stop) receiving these threads' frames. */
export async function subscribeUsers(deps: Deps, userIds: number[], threadIds: number[], on: boolean) {
  if (userIds.length === 0 || threadIds.length === 0) return;
  const audiences = userIds.map(audience.user);
  const threads = threadIds.map(audience.thread);
  await deps.bus.publishControl(on ? { type: "subscribe", audiences, add: threads } : { type: "unsubscribe", audiences, remove: threads });
}
