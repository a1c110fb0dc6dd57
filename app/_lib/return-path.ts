// Where a sign-in goes afterwards: back to the page that sent the person there (a public room,
// "Sign in to speak"), but only to Parley's own pages that ask for it — never another site
// (`//evil.example`, `/\evil.example`, `https://…`: an open redirect).
const ALLOWED = /^\/(rooms\/[1-9][0-9]{0,17}|chat)(\?[A-Za-z0-9=&_.~%-]*)?$/;

/** the path to go to after signing in, or null for the default */
export function safeReturnPath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 200) return null;
  return ALLOWED.test(raw) ? raw : null;
}

/** /chat/login, with a way back to `path` */
export function loginUrl(path: string): string {
  return `/chat/login?next=${encodeURIComponent(path)}`;
}
