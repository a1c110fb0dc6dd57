import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { auth } from "../_auth/auth";
import { loginUrl, safeReturnPath } from "../_lib/return-path";
import { ChatApp } from "./_components/chat-app";

export const dynamic = "force-dynamic";

export default async function ChatPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await auth();
  // a signed JWT is not enough: the session behind it may have been signed out or revoked
  const active = session?.user ? await globalThis.__parleyBridge?.hasSession((await headers()).get("cookie")) : false;
  if (!active) {
    // a link to a chat room comes back to it after signing in
    const room = (await searchParams).r;
    const back = typeof room === "string" ? safeReturnPath(`/chat?r=${room}`) : null;
    redirect(back ? loginUrl(back) : "/chat/login");
  }
  return (
    <Suspense fallback={null}>
      <ChatApp />
    </Suspense>
  );
}
