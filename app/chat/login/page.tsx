import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "../../_auth/auth";
import { ChatLoginForm } from "./login-form";

export const dynamic = "force-dynamic";

export default async function ChatLoginPage() {
  const session = await auth();
  // only a session that still works goes on to the messenger (a revoked one would bounce back here)
  if (session?.user && (await globalThis.__parleyBridge?.hasSession((await headers()).get("cookie")))) redirect("/chat");
  return <ChatLoginForm />;
}
