import type { CompatTable } from "./route-table";

/**
 * Every seed path Parley answers under /api/compat, one table. Later issues add their domains'
 * rows (/room/*, /group/*, /red-packet/*).
 */
export const compatRoutes: CompatTable = {
  "/user/pwdLogin": { procedure: "user.pwdLogin" },
  "/user/tokenLogin": { procedure: "user.tokenLogin" },
  // member accounts (the seed's field names are the procedures' own)
  "/send/sms": { procedure: "user.sendSms" },
  "/user/smsLogin": { procedure: "user.smsLogin" },
  "/user/setPassword": { procedure: "user.setPassword" },
  "/user/isreg": { procedure: "user.isreg" },
  "/user/userInfo": { procedure: "user.userInfo" },
  "/user/editAvatar": { procedure: "user.editAvatar" },
  "/user/editNickname": { procedure: "user.editNickname" },
  "/user/muted": { procedure: "user.muted" },
  "/friend/list": { procedure: "friend.list" },
  "/friend/unread": { procedure: "friend.unread" },
  "/friend/add": { procedure: "friend.add" },
  "/friend/delete": { procedure: "friend.delete" },
  "/friend/response": { procedure: "friend.response" },
  "/friend/requestList": { procedure: "friend.requestList" },
  "/friend/chatLog": { procedure: "friend.chatLog" },
  "/friend/setRemark": { procedure: "friend.setRemark" },
  "/friend/setNoDisturbing": { procedure: "friend.setNoDisturbing" },
  "/friend/stickyOnTop": { procedure: "friend.stickyOnTop" },
  "/chat33/applyList": { procedure: "chat33.applyList" },
  "/chat33/search": { procedure: "chat33.search" },
  "/chat33/recall": { procedure: "chat33.recall" },
  "/chat33/delete": { procedure: "chat33.delete" },
  // groups (seed 004 群有关接口): Parley's `group` domain
  "/room/list": { procedure: "group.list" },
  "/room/unread": { procedure: "group.unread" },
  "/room/info": { procedure: "group.info" },
  "/room/userList": { procedure: "group.userList" },
  "/room/userInfo": { procedure: "group.userInfo" },
  "/room/searchMember": { procedure: "group.searchMember" },
  "/room/getOnlineNumber": { procedure: "group.getOnlineNumber" },
  "/room/create": { procedure: "group.create" },
  "/room/delete": { procedure: "group.delete" },
  // the seed's kickOut and loginOut name the group `rootId`
  "/room/kickOut": { procedure: "group.kickOut", input: roomIdFromRootId },
  "/room/loginOut": { procedure: "group.loginOut", input: roomIdFromRootId },
  "/room/setPermission": { procedure: "group.setPermission" },
  "/room/setLevel": { procedure: "group.setLevel" },
  "/room/setNoDisturbing": { procedure: "group.setNoDisturbing" },
  "/room/stickyOnTop": { procedure: "group.stickyOnTop" },
  "/room/setMemberNickname": { procedure: "group.setMemberNickname" },
  "/room/joinRoomInvite": { procedure: "group.joinRoomInvite" },
  "/room/joinRoomApply": { procedure: "group.joinRoomApply" },
  "/room/joinRoomApprove": { procedure: "group.joinRoomApprove" },
  "/room/chatLog": { procedure: "group.chatLog" },
  "/room/muteMember": { procedure: "group.muteMember" },
  "/room/muteAll": { procedure: "group.muteAll" },
  // chat rooms (seed 004 聊天室有关接口): Parley's `chatRoom` domain; guests read with FZM-UUID
  "/group/list": { procedure: "chatRoom.list" },
  "/group/info": { procedure: "chatRoom.info" },
  "/group/userList": { procedure: "chatRoom.userList" },
  "/group/userInfo": { procedure: "chatRoom.userInfo" },
  "/group/getGroupChatHistory": { procedure: "chatRoom.getGroupChatHistory" },
  "/group/getOnlineNumber": { procedure: "chatRoom.getOnlineNumber" },
  "/group/addGroup": { procedure: "chatRoom.addGroup" },
  "/group/editAvatar": { procedure: "chatRoom.editAvatar" },
  "/group/setStatus": { procedure: "chatRoom.setStatus" },
  "/group/editGroupName": { procedure: "chatRoom.editGroupName" },
  // deprecated in the seed: {id, mutedTime} names no room, so it is the global mute
  "/group/muted": { procedure: "user.muted", input: (b) => ({ id: b.id, muted_time: b.mutedTime ?? b.muted_time }) },
  // deprecated in the seed, kept: a report of a user or their message, from any channel (reason optional)
  "/group/report": { procedure: "report.create" },
  // red packets (seed 004 红包接口类): the seed's `amount` is a number
  "/red-packet/balance": {
    procedure: "redPacket.balance",
    output: (d) => ({ balances: (d as { balances: { coin: number; amount: string }[] }).balances.map((b) => ({ coin: b.coin, amount: Number(b.amount) })) }),
  },
  "/red-packet/send": {
    procedure: "redPacket.send",
    // a seed client sends numbers; Parley reads them as the decimal text they print as (1e-7 is refused, never rounded)
    input: (b) => ({ ...b, total: typeof b.total === "number" ? String(b.total) : b.total }),
    output: amountsAsNumbers,
  },
  "/red-packet/receive-entry": { procedure: "redPacket.receiveEntry", output: amountsAsNumbers },
  "/red-packet/receive": { procedure: "redPacket.receive", output: amountsAsNumbers },
  "/red-packet/entry": { procedure: "redPacket.entry", output: amountsAsNumbers },
  "/red-packet/register-entry": { procedure: "redPacket.registerEntry", output: amountsAsNumbers },
  "/red-packet/record": { procedure: "redPacket.record", output: amountsAsNumbers },
  "/red-packet/receive-record": { procedure: "redPacket.receiveRecord", output: amountsAsNumbers },
  "/red-packet/send-record": { procedure: "redPacket.sendRecord", output: amountsAsNumbers },
  "/red-packet/info": { procedure: "redPacket.info", output: amountsAsNumbers },
};

/** the seed's money fields are numbers (float): Parley's exact decimal strings, converted on the way out only */
const MONEY_FIELDS = new Set(["amount", "total_amount", "receive_amount", "send_amount", "refunded", "claimedAmount", "refundedAmount", "mine"]);
function amountsAsNumbers(d: unknown): unknown {
  if (Array.isArray(d)) return d.map(amountsAsNumbers);
  if (d === null || typeof d !== "object") return d;
  return Object.fromEntries(
    Object.entries(d).map(([k, v]) => [k, MONEY_FIELDS.has(k) && typeof v === "string" ? Number(v) : amountsAsNumbers(v)]),
  );
}

function roomIdFromRootId(body: Record<string, unknown>) {
  const { rootId, ...rest } = body;
  return { ...rest, roomId: rest.roomId ?? rootId };
}
