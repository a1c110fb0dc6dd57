import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { auth } from "../../_auth/auth";
import { safeAdminPath } from "../_components/nav";
import { AdminLoginForm } from "./login-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Parley admin", robots: { index: false, follow: false } };

type Search = Promise<Record<string, string | string[] | undefined>>;

// /admin/login: an admin account's mobile number and password. Whether the account may use the
// portal is the portal's question to the server after signing in (a member sees "this needs an
// admin account" there), so this page signs in whoever has the right password, and a session
// that still works goes straight on.
export default async function AdminLoginPage({ searchParams }: { searchParams: Search }) {
  const session = await auth();
  if (session?.user && (await globalThis.__parleyBridge?.hasSession((await headers()).get("cookie")))) {
    const next = (await searchParams).next;
    redirect(safeAdminPath(Array.isArray(next) ? next[0] : next));
  }
  return (
    <Suspense fallback={null}>
      <AdminLoginForm />
    </Suspense>
  );
}
