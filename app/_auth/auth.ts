// next-auth v5 for the agent console: credentials (mobile + password), JWT sessions.
// The password check runs in the custom server's services; Next reaches it through the
// bridge the server puts on globalThis, so there is one database handle per process.
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
  pages: { signIn: "/console/login" },
  providers: [
    Credentials({
      credentials: { mobile: { label: "Mobile" }, password: { label: "Password", type: "password" } },
      async authorize(creds) {
        const mobile = String(creds?.mobile ?? "").trim();
        const password = String(creds?.password ?? "");
        if (!mobile || !password) return null;
        const bridge = globalThis.__parleyBridge;
        if (!bridge) throw new Error("Parley server bridge missing: start Parley with `npm start`, not `next start`");
        const user = await bridge.authenticate(mobile, password);
        return user ? { id: user.id, name: user.name } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.uid) session.user.id = String(token.uid);
      return session;
    },
  },
});

declare global {
  var __parleyBridge: { authenticate(mobile: string, password: string): Promise<{ id: string; name: string } | null> } | undefined;
}
