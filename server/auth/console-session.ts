// Names the custom server and next-auth (app/_auth/auth.ts) agree on. No imports: Next bundles
// this file on its side, and it must not pull server modules (and a second database) in with it.

/** the JWT claim that holds the console session's API token */
export const CONSOLE_TOKEN_CLAIM = "pt";

/**
 * The custom server sets this header on every request it hands to Next (replacing whatever the
 * client sent), so next-auth's authorize knows the caller's address as clientIp() sees it.
 */
export const CLIENT_IP_HEADER = "x-parley-client-ip";
