import type { Metadata, Viewport } from "next";

export const metadata: Metadata = { title: "Parley", description: "A public chat room on Parley" };
export const viewport: Viewport = { width: "device-width", initialScale: 1, viewportFit: "cover", themeColor: "#4f46e5" };

export default function RoomsLayout({ children }: { children: React.ReactNode }) {
  return <div className="h-dvh overflow-hidden bg-slate-100">{children}</div>;
}
