// next-auth v5 for the agent console and the member messenger /chat: credentials (mobile +
// password, or mobile + SMS code, which also registers a new number), JWT sessions. The checks
// run in the custom server's services; Next reaches them through the bridge the server puts on
// globalThis (server/auth/next-bridge.ts), so there is one database handle per process. The session is revocable: signing in issues an API token that rides
// inside the (encrypted) JWT, and the server resolves every cookie through that token, so
// signing out — or an admin revoking the user's sessions — ends the cookie everywhere at once.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { CLIENT_IP_HEADER, CONSOLE_TOKEN_CLAIM } from "../../server/auth/console-session";
import type { BridgeDevice, ParleyBridge } from "../../server/auth/next-bridge";

/** the sign-in form reads `code` (next-auth passes it through) to say "wait a minute" */
class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}
/** SMS sign-in: the code is wrong (-4007; the attempt was counted) */
class WrongCode extends CredentialsSignin {
  code = "code_wrong";
}
/** SMS sign-in: the code expired, was used, or died after too many wrong guesses (-4008): ask for a new one */
class ExpiredCode extends CredentialsSignin {
  code = "code_expired";
}
/** the password or code was right, but an admin banned the account (-3000): say so, not "wrong password" */
class Suspended extends CredentialsSignin {
  code = "suspended";
}

/**
 * The session's device type (one session per device type and account): the console's form
 * sends none ("console"); /chat sends "web". Anything else is refused.
 */
function deviceOf(raw: unknown): BridgeDevice | null {
  const v = String(raw ?? "").trim().toLowerCase();
  if (v === "" || v === "console") return "console";
  return v === "web" ? "web" : null;
}

function bridge(): ParleyBridge {
  const b = globalThis.__parleyBridge;
  if (!b) throw new Error("Parley server bridge missing: start Parley with `npm start`, not `next start`");
  return b;
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/console/login" },
  providers: [
    Credentials({
      credentials: {
        mobile: { label: "Mobile" },
        password: { label: "Password", type: "password" },
        code: { label: "SMS code" },
        device: { label: "Device" },
      },
      async authorize(creds, request) {
        const mobile = String(creds?.mobile ?? "").trim();
        const password = String(creds?.password ?? "");
        const code = String(creds?.code ?? "").trim();
        const device = deviceOf(creds?.device);
        if (!mobile || (!password && !code) || !device) return null;
        const ip = request.headers.get(CLIENT_IP_HEADER) ?? "";
        // a password when one is given; otherwise the SMS code
        const user = password
          ? await bridge().signIn(mobile, password, ip, device)
          : await bridge().smsSignIn(mobile, code, ip, device, request.headers.get("accept-language"));
        if (user === "limited") throw new TooManyAttempts();
        if (user === "wrong_code") throw new WrongCode();
        if (user === "expired_code") throw new ExpiredCode();
        if (user === "suspended") throw new Suspended();
        return user ? { id: user.id, name: user.name, apiToken: user.apiToken } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      const apiToken = (user as { apiToken?: string } | undefined)?.apiToken;
      if (apiToken) token[CONSOLE_TOKEN_CLAIM] = apiToken;
      return token;
    },
    session({ session, token }) {
      // the API token stays in the cookie: /api/auth/session must not hand it to scripts
      if (session.user && token.uid) session.user.id = String(token.uid);
      return session;
    },
  },
  events: {
    async signOut(message) {
      const apiToken = "token" in message ? message.token?.[CONSOLE_TOKEN_CLAIM] : undefined;
      if (typeof apiToken === "string") await bridge().signOut(apiToken);
    },
  },
  logger: {
    // a wrong password is an answer, not a server error: no stack trace in the log for it
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
});
