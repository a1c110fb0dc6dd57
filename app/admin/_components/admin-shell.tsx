"use client";
// The frame of every admin page: the navigation (a side bar on a desktop; a top bar with a
// drawer on a phone or tablet), the language switch, who is signed in and Sign out, and the
// toasts. Before a page shows, the shell asks the server who this is (admin-session.ts): not
// signed in → the sign-in page; signed in without admin rights (-3000) → "this needs an admin
// account"; the server not answering → the error with Retry.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { useLocaleSwitch } from "../../_components/use-locale";
import { LOCALE_NAMES, UI_LOCALES, type UiLocale } from "../../_lib/i18n";
import { createApi, errorText } from "../../_lib/trpc";
import { adminApi } from "../_lib/admin-api";
import { AdminSession } from "../_lib/admin-session";
import { ToastStore } from "../_lib/toasts";
import { AdminContext, type AdminContextValue } from "./admin-context";
import { ADMIN_NAV, navItemOf, type AdminNavItem } from "./nav";
import { Avatar } from "./ui/avatar";
import { btn } from "./ui/buttons";
import { Dialog } from "./ui/dialog";
import { MenuIcon, SignOutIcon } from "./ui/icons";
import { ToastViewport } from "./ui/toasts";
import { useText, type AdminText } from "./ui/use-text";

async function leave(to: string) {
  try {
    await signOut({ redirect: false });
  } catch {
    // the cookie may be gone already; the sign-in page is where we go either way
  }
  window.location.replace(to);
}

export function AdminShell({ children }: { children: ReactNode }) {
  const [tr, locale] = useText();
  const localeRef = useRef(locale);
  useLayoutEffect(() => {
    localeRef.current = locale;
  });

  const ctx = useMemo<AdminContextValue>(() => {
    const raw = createApi({ getLocale: () => localeRef.current });
    const api = adminApi(raw);
    const session = new AdminSession({
      me: async () => {
        const me = await api.user.tokenLogin.mutate();
        return { id: me.id, name: me.username, avatar: me.avatar, account: me.account };
      },
      // the cheapest admin question: a page of one member
      probeAdmin: () => api.admin.members.query({ page: 1, number: 1 }),
      errorText,
    });
    return {
      api,
      session,
      toasts: new ToastStore(),
      fail(err) {
        session.noteError(err);
        return errorText(err);
      },
    };
  }, []);
  useEffect(() => {
    void ctx.session.check();
    return () => ctx.toasts.dispose();
  }, [ctx]);
  const snap = useSyncExternalStore(ctx.session.subscribe, ctx.session.getSnapshot, ctx.session.getSnapshot);

  // not signed in (or the session ended): the sign-in page, which brings you back here
  useEffect(() => {
    if (snap.status !== "signIn") return;
    const next = encodeURIComponent(window.location.pathname + window.location.search);
    window.location.replace(`/admin/login?next=${next}${snap.ended ? "&ended=1" : ""}`);
  }, [snap.status, snap.ended]);

  if (snap.status === "checking" || snap.status === "signIn") return <Checking label={tr("common.loading")} />;
  if (snap.status === "forbidden") return <NeedsAdmin tr={tr} name={snap.me?.name ?? ""} />;
  if (snap.status === "failed") return <StartFailed tr={tr} message={snap.error ?? tr("shell.failed")} onRetry={() => void ctx.session.check()} />;

  return (
    <AdminContext.Provider value={ctx}>
      <Frame tr={tr} me={snap.me!}>
        {children}
      </Frame>
      <ToastViewport store={ctx.toasts} />
    </AdminContext.Provider>
  );
}

function Frame({ tr, me, children }: { tr: AdminText; me: { id: string; name: string; avatar: string }; children: ReactNode }) {
  const pathname = usePathname();
  const current = navItemOf(pathname);
  const [drawer, setDrawer] = useState(false);
  // a link in the drawer was followed: the drawer has done its job
  useEffect(() => setDrawer(false), [pathname]);
  const signOutNow = useCallback(() => void leave("/admin/login"), []);

  return (
    <div className="min-h-dvh bg-slate-100 lg:flex">
      <a href="#admin-main" className="sr-only z-50 rounded-lg bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2">
        {tr("shell.skip")}
      </a>

      {/* desktop: the side bar */}
      <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 flex-col border-r border-slate-200 bg-white lg:flex" data-testid="admin-sidebar">
        <Brand tr={tr} />
        <NavList items={ADMIN_NAV} current={current} tr={tr} />
        <SideFooter tr={tr} me={me} onSignOut={signOutNow} />
      </aside>

      {/* phone and tablet: a top bar; the menu opens the drawer */}
      <header className="sticky top-0 z-30 flex h-14 items-center gap-1 border-b border-slate-200 bg-white/95 px-2 pt-[env(safe-area-inset-top)] backdrop-blur lg:hidden" data-testid="admin-topbar">
        <button type="button" className={btn.icon} aria-label={tr("shell.menu")} aria-expanded={drawer} onClick={() => setDrawer(true)} data-testid="admin-menu">
          <MenuIcon className="h-6 w-6" />
        </button>
        <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-lg bg-indigo-600 text-sm font-bold text-white">
          P
        </span>
        <span className="min-w-0 flex-1 truncate px-1.5 text-base font-semibold">{tr("shell.docTitle")}</span>
      </header>
      <Dialog open={drawer} onClose={() => setDrawer(false)} shape="drawer" title={tr("shell.menu")} closeLabel={tr("common.close")} testId="admin-drawer" hideHeader>
        <div className="flex h-full flex-col">
          <Brand tr={tr} />
          <NavList items={ADMIN_NAV} current={current} tr={tr} autoFocus />
          <SideFooter tr={tr} me={me} onSignOut={signOutNow} />
        </div>
      </Dialog>

      <main id="admin-main" tabIndex={-1} className="min-w-0 flex-1 px-3 py-4 outline-none sm:px-6 sm:py-6 lg:px-8 lg:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}

function Brand({ tr }: { tr: AdminText }) {
  return (
    <div className="flex items-center gap-2.5 px-5 pt-[max(1.25rem,env(safe-area-inset-top))] pb-4">
      <span aria-hidden className="flex h-9 w-9 items-center justify-center rounded-xl bg-indigo-600 text-base font-bold text-white">
        P
      </span>
      <div className="min-w-0 leading-tight">
        <p className="font-semibold text-slate-900">Parley</p>
        <p className="text-xs text-slate-500">{tr("shell.title")}</p>
      </div>
    </div>
  );
}

function NavList({ items, current, tr, autoFocus }: { items: readonly AdminNavItem[]; current?: AdminNavItem; tr: AdminText; autoFocus?: boolean }) {
  return (
    <nav aria-label={tr("shell.nav")} className="min-h-0 flex-1 overflow-y-auto px-3">
      <ul className="space-y-0.5">
        {items.map((it, i) => {
          const active = it === current;
          const Icon = it.icon;
          return (
            <li key={it.href}>
              <Link
                href={it.href}
                data-testid={it.testId}
                aria-current={active ? "page" : undefined}
                data-autofocus={autoFocus && (active || (!current && i === 0)) ? true : undefined}
                className={`flex items-center gap-3 rounded-lg px-3 py-2.5 text-sm font-medium outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 ${
                  active ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100"
                }`}
              >
                <Icon className={`h-5 w-5 ${active ? "text-indigo-600" : "text-slate-400"}`} />
                {tr(it.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function SideFooter({ tr, me, onSignOut }: { tr: AdminText; me: { id: string; name: string; avatar: string }; onSignOut(): void }) {
  return (
    <div className="space-y-3 border-t border-slate-100 px-4 py-4 pb-[max(1rem,env(safe-area-inset-bottom))]">
      <LanguageSwitch label={tr("shell.language")} />
      <div className="flex items-center gap-2.5">
        <Avatar id={me.id} name={me.name} src={me.avatar} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-slate-900" data-testid="admin-me">
            {me.name}
          </p>
          <p className="text-xs text-slate-500">{tr("shell.role")}</p>
        </div>
        <button type="button" onClick={onSignOut} className={`${btn.icon} h-9 w-9`} aria-label={tr("shell.signOut")} title={tr("shell.signOut")} data-testid="admin-sign-out">
          <SignOutIcon />
        </button>
      </div>
    </div>
  );
}

export function LanguageSwitch({ label }: { label: string }) {
  const [locale, setLocale] = useLocaleSwitch();
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm text-slate-600">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid="admin-language"
        value={locale}
        onChange={(e) => setLocale(e.target.value as UiLocale)}
        className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-800 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
      >
        {UI_LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

function Checking({ label }: { label: string }) {
  return (
    <div className="flex min-h-dvh items-center justify-center bg-slate-100" aria-busy="true">
      <span className="h-8 w-8 animate-spin rounded-full border-2 border-slate-300 border-t-indigo-600" />
      <span className="sr-only" role="status">
        {label}
      </span>
    </div>
  );
}

function GateCard({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-slate-100 px-4 py-10">
      <div role="alert" data-testid={testId} className="w-full max-w-md rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <span aria-hidden className="mb-4 flex h-10 w-10 items-center justify-center rounded-xl bg-indigo-600 text-lg font-bold text-white">
          P
        </span>
        {children}
      </div>
      <div className="mt-4 w-56">
        <LanguageSwitchStandalone />
      </div>
    </main>
  );
}

function LanguageSwitchStandalone() {
  const [tr] = useText();
  return <LanguageSwitch label={tr("shell.language")} />;
}

function NeedsAdmin({ tr, name }: { tr: AdminText; name: string }) {
  return (
    <GateCard testId="admin-forbidden">
      <h1 className="text-lg font-semibold text-slate-900">{tr("shell.forbiddenTitle")}</h1>
      <p className="mt-2 text-sm text-slate-600">{name ? tr("shell.forbiddenAs", { name }) : tr("shell.forbidden")}</p>
      <div className="mt-5 flex flex-col gap-2 sm:flex-row">
        <button type="button" className={btn.primary} onClick={() => void leave("/admin/login")} data-testid="admin-forbidden-switch">
          {tr("shell.switchAccount")}
        </button>
        <a href="/chat" className={btn.secondary}>
          {tr("shell.toChat")}
        </a>
      </div>
    </GateCard>
  );
}

function StartFailed({ tr, message, onRetry }: { tr: AdminText; message: string; onRetry(): void }) {
  return (
    <GateCard testId="admin-start-failed">
      <h1 className="text-lg font-semibold text-slate-900">{tr("shell.failedTitle")}</h1>
      <p className="mt-2 text-sm text-slate-600">{message}</p>
      <div className="mt-5 flex gap-2">
        <button type="button" className={btn.primary} onClick={onRetry}>
          {tr("common.retry")}
        </button>
        <button type="button" className={btn.secondary} onClick={() => void leave("/admin/login")}>
          {tr("shell.signOut")}
        </button>
      </div>
    </GateCard>
  );
}
