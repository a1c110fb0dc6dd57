import { headers } from "next/headers";
import { auth } from "../../_auth/auth";
import { RoomPageApp } from "../_components/room-page-app";

export const dynamic = "force-dynamic";

// A chat room's public page: anyone may open it and read, without an account (as a guest); a
// signed-in member may also speak. Which of the two is decided here, from the session cookie.
export default async function RoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await auth();
  // a signed JWT is not enough: the session behind it may have been signed out or revoked
  const signedIn = session?.user ? !!(await globalThis.__parleyBridge?.hasSession((await headers()).get("cookie"))) : false;
  return <RoomPageApp roomId={/^[1-9][0-9]{0,17}$/.test(id) ? id : null} signedIn={signedIn} />;
}
