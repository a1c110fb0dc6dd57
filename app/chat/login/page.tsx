import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "../../_auth/auth";
import { safeReturnPath } from "../../_lib/return-path";
import { ChatLoginForm } from "./login-form";

export const dynamic = "force-dynamic";

export default async function ChatLoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await auth();
  // where to go afterwards: a page of ours that sent the person here (a public room), else /chat
  const next = (await searchParams).next;
  const back = safeReturnPath(typeof next === "string" ? next : null);
  // only a session that still works goes on to the messenger (a revoked one would bounce back here)
  if (session?.user && (await globalThis.__parleyBridge?.hasSession((await headers()).get("cookie")))) redirect(back ?? "/chat");
  return <ChatLoginForm next={back} />;
}
