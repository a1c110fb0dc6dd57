import type { Metadata } from "next";

export const metadata: Metadata = { title: "Parley console" };

export default function ConsoleLayout({ children }: { children: React.ReactNode }) {
  return <div className="h-dvh overflow-hidden bg-slate-100">{children}</div>;
}
