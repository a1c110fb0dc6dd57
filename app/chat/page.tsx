import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { auth } from "../_auth/auth";
import { ChatApp } from "./_components/chat-app";

export const dynamic = "force-dynamic";

export default async function ChatPage() {
  const session = await auth();
  // a signed JWT is not enough: the session behind it may have been signed out or revoked
  const active = session?.user ? await globalThis.__parleyBridge?.hasSession((await headers()).get("cookie")) : false;
  if (!active) redirect("/chat/login");
  return (
    <Suspense fallback={null}>
      <ChatApp />
    </Suspense>
  );
}
