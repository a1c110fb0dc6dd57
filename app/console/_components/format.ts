// The console's formatting is the shared chat components' (app/_components/chat/format.ts).
export { avatarColor, avatarText, initialOf, isNewer, messageTime, previewOf, relativeTime, safeImageUrl } from "../../_components/chat/format";
