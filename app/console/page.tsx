import { redirect } from "next/navigation";
import { Suspense } from "react";
import { auth } from "../_auth/auth";
import { ConsoleApp } from "./_components/console-app";

export const dynamic = "force-dynamic";

export default async function ConsolePage() {
  const session = await auth();
  if (!session?.user) redirect("/console/login");
  return (
    <Suspense fallback={null}>
      <ConsoleApp />
    </Suspense>
  );
}
