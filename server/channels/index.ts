// Every channel this server carries, registered once at import. Complaints (5) add theirs here.
import { friendChannel } from "./friend";
import { groupChannel } from "./group";
import { registerChannel } from "./registry";
import { roomChannel } from "./room";
import { supportChannel } from "./support";

registerChannel(supportChannel);
registerChannel(friendChannel);
registerChannel(groupChannel);
registerChannel(roomChannel);

export { channelPolicy } from "./registry";
