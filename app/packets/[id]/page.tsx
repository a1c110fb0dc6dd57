import { PacketClaimApp } from "../_components/packet-claim-app";

// A red packet's public page, the packetUrl of a red packet message: anyone with the link may
// open it and receive a share into the account of their phone number (or a new one), without
// signing in. A malformed id is "no such packet" at once; an unknown one is the server's -4006.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function PacketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PacketClaimApp packetId={UUID.test(id) ? id.toLowerCase() : null} />;
}
