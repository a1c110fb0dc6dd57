// Every channel this server carries, registered once at import. Chat rooms (1) and complaints (5)
// add their entries here.
import { friendChannel } from "./friend";
import { groupChannel } from "./group";
import { registerChannel } from "./registry";
import { supportChannel } from "./support";

registerChannel(supportChannel);
registerChannel(friendChannel);
registerChannel(groupChannel);

export { channelPolicy } from "./registry";
