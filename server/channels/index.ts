// Every channel this server carries, registered once at import. Groups (2), chat rooms (1) and
// complaints (5) add their entries here.
import { friendChannel } from "./friend";
import { registerChannel } from "./registry";
import { supportChannel } from "./support";

registerChannel(supportChannel);
registerChannel(friendChannel);

export { channelPolicy } from "./registry";
