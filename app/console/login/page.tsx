import { redirect } from "next/navigation";
import { auth } from "../../_auth/auth";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

export default async function ConsoleLoginPage() {
  const session = await auth();
  if (session?.user) redirect("/console");
  return <LoginForm />;
}
