// next-auth v5 for the agent console: credentials (mobile + password), JWT sessions.
// The password check runs in the custom server's services; Next reaches it through the
// bridge the server puts on globalThis (server/auth/next-bridge.ts), so there is one database
// handle per process. The session is revocable: signing in issues an API token that rides
// inside the (encrypted) JWT, and the server resolves every cookie through that token, so
// signing out — or an admin revoking the user's sessions — ends the cookie everywhere at once.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { CLIENT_IP_HEADER, CONSOLE_TOKEN_CLAIM } from "../../server/auth/console-session";
import type { ParleyBridge } from "../../server/auth/next-bridge";

/** the sign-in form reads `code` (next-auth passes it through) to say "wait a minute" */
class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
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
      credentials: { mobile: { label: "Mobile" }, password: { label: "Password", type: "password" } },
      async authorize(creds, request) {
        const mobile = String(creds?.mobile ?? "").trim();
        const password = String(creds?.password ?? "");
        if (!mobile || !password) return null;
        const user = await bridge().signIn(mobile, password, request.headers.get(CLIENT_IP_HEADER) ?? "");
        if (user === "limited") throw new TooManyAttempts();
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
