import type { Metadata, Viewport } from "next";

export const metadata: Metadata = { title: "Parley", description: "A red packet on Parley", robots: { index: false, follow: false } };
export const viewport: Viewport = { width: "device-width", initialScale: 1, viewportFit: "cover", themeColor: "#dc2626" };

export default function PacketsLayout({ children }: { children: React.ReactNode }) {
  return <div className="min-h-dvh bg-gradient-to-b from-red-600 to-red-800">{children}</div>;
}
