// Parley's error table is the seed 004 unified error codes ("统一错误代码"). Each entry says
// which tRPC code carries it over HTTP and what a person reads, in en / zh-CN / ja.
// This file is pure data so the browser can import it to show messages too.

export type TrpcCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "PAYLOAD_TOO_LARGE"
  | "INTERNAL_SERVER_ERROR";

export type Locale = "en" | "zh-CN" | "ja";
export const LOCALES: Locale[] = ["en", "zh-CN", "ja"];

interface Entry {
  trpc: TrpcCode;
  en: string;
  zh: string;
  ja: string;
}

export const ERROR_TABLE = {
  [-1000]: { trpc: "INTERNAL_SERVER_ERROR", en: "The database is unavailable.", zh: "数据库连接失败", ja: "データベースに接続できません。" },
  [-1001]: { trpc: "BAD_REQUEST", en: "Invalid parameter.", zh: "参数错误", ja: "パラメータが不正です。" },
  [-1002]: { trpc: "BAD_REQUEST", en: "A required parameter is missing.", zh: "缺少参数", ja: "必須パラメータがありません。" },
  [-1003]: { trpc: "UNAUTHORIZED", en: "Your session is not valid. Please sign in again.", zh: "Session错误", ja: "セッションが無効です。もう一度ログインしてください。" },
  [-1004]: { trpc: "UNAUTHORIZED", en: "Your sign-in has expired.", zh: "登录过期", ja: "ログインの有効期限が切れました。" },
  [-1005]: { trpc: "BAD_REQUEST", en: "The message is not in a format Parley understands.", zh: "消息格式错误", ja: "メッセージの形式が正しくありません。" },
  [-1006]: { trpc: "BAD_REQUEST", en: "Unknown device type.", zh: "未知的设备类型", ja: "不明なデバイスタイプです。" },
  [-1007]: { trpc: "UNAUTHORIZED", en: "This account signed in on another device.", zh: "账号已经在其他终端登录", ja: "このアカウントは別の端末でログインしました。" },
  [-1010]: { trpc: "INTERNAL_SERVER_ERROR", en: "Reading from the database failed.", zh: "查询数据库失败", ja: "データベースの読み込みに失敗しました。" },
  [-1011]: { trpc: "INTERNAL_SERVER_ERROR", en: "Writing to the database failed.", zh: "写入数据库失败", ja: "データベースへの書き込みに失敗しました。" },
  [-1012]: { trpc: "TOO_MANY_REQUESTS", en: "You are sending too fast. Please wait a moment.", zh: "发送频率过快，请稍后再试", ja: "送信が速すぎます。少し待ってからもう一度お試しください。" },
  [-2001]: { trpc: "NOT_FOUND", en: "User not found.", zh: "用户不存在", ja: "ユーザーが存在しません。" },
  [-2002]: { trpc: "CONFLICT", en: "User already exists.", zh: "用户已存在", ja: "ユーザーは既に存在します。" },
  [-2003]: { trpc: "CONFLICT", en: "This agent already exists.", zh: "要添加的客服已存在", ja: "このサポート担当者は既に存在します。" },
  [-2004]: { trpc: "UNAUTHORIZED", en: "Token sign-in failed.", zh: "找币token登录失败", ja: "トークンでのログインに失敗しました。" },
  [-2006]: { trpc: "FORBIDDEN", en: "You may not send system messages.", zh: "用户没有发系统消息权限", ja: "システムメッセージを送信する権限がありません。" },
  [-2007]: { trpc: "FORBIDDEN", en: "You are muted.", zh: "用户被禁言", ja: "発言が禁止されています。" },
  [-2008]: { trpc: "FORBIDDEN", en: "Guests cannot send messages here. Please sign in.", zh: "游客没有发消息权限", ja: "ゲストはメッセージを送信できません。ログインしてください。" },
  [-2009]: { trpc: "FORBIDDEN", en: "You may not message ordinary users privately.", zh: "没有给普通用户发私聊权限", ja: "一般ユーザーへの個別メッセージ権限がありません。" },
  [-2010]: { trpc: "CONFLICT", en: "Another agent is already serving this customer.", zh: "当前用户已经被其他客服接待", ja: "このお客様は既に別の担当者が対応しています。" },
  [-2011]: { trpc: "FORBIDDEN", en: "Joining as a listener failed.", zh: "加入旁听失败", ja: "モニタリングに参加できませんでした。" },
  [-2013]: { trpc: "INTERNAL_SERVER_ERROR", en: "The account service did not answer.", zh: "找币交互失败", ja: "アカウントサービスとの通信に失敗しました。" },
  [-2014]: { trpc: "FORBIDDEN", en: "Agents cannot message each other privately.", zh: "客服间不能发送私聊消息", ja: "担当者同士で個別メッセージは送れません。" },
  [-2015]: { trpc: "NOT_FOUND", en: "The visitor has left.", zh: "游客已离线", ja: "訪問者はオフラインです。" },
  [-2016]: { trpc: "NOT_FOUND", en: "No agent is online right now. Please try later, or sign in to leave a message.", zh: "暂无客服在线，请稍后再试，或可登录账号给客服留言!", ja: "現在対応できる担当者がいません。後でもう一度お試しいただくか、ログインしてメッセージを残してください。" },
  [-2017]: { trpc: "CONFLICT", en: "You are already friends.", zh: "已经是好友关系", ja: "既に友達です。" },
  [-2018]: { trpc: "FORBIDDEN", en: "This person is not your friend.", zh: "对方不是您的好友", ja: "相手は友達ではありません。" },
  [-2019]: { trpc: "CONFLICT", en: "This friend request was already handled.", zh: "好友请求已经被处理", ja: "この友達リクエストは処理済みです。" },
  [-2020]: { trpc: "NOT_FOUND", en: "Friend request not found.", zh: "好友请求不存在", ja: "友達リクエストが存在しません。" },
  [-2021]: { trpc: "BAD_REQUEST", en: "You cannot do this to yourself.", zh: "不能对自己进行操作", ja: "自分自身には実行できません。" },
  [-2022]: { trpc: "BAD_REQUEST", en: "Data conversion failed.", zh: "数据转换异常", ja: "データ変換に失敗しました。" },
  // recall / delete refused by a rule (someone else's message, too late): the caller's side, not the server's
  [-2023]: { trpc: "FORBIDDEN", en: "Deleting the message failed.", zh: "删除消息失败", ja: "メッセージの削除に失敗しました。" },
  [-3000]: { trpc: "FORBIDDEN", en: "You do not have permission to do this.", zh: "权限不足", ja: "権限がありません。" },
  [-3001]: { trpc: "FORBIDDEN", en: "You may not join this group.", zh: "用户没有加入聊天群权限", ja: "このグループに参加する権限がありません。" },
  [-3002]: { trpc: "FORBIDDEN", en: "This needs a support agent account.", zh: "没有客服权限", ja: "サポート担当者の権限が必要です。" },
  [-4000]: { trpc: "INTERNAL_SERVER_ERROR", en: "Red packet error.", zh: "红包内部错误", ja: "お年玉の内部エラーです。" },
  [-4001]: { trpc: "CONFLICT", en: "This red packet is all claimed.", zh: "红包已被领完", ja: "このお年玉はすべて受け取られました。" },
  [-4002]: { trpc: "NOT_FOUND", en: "This user is not registered.", zh: "用户未注册", ja: "ユーザーは登録されていません。" },
  [-4003]: { trpc: "CONFLICT", en: "This user is already registered.", zh: "用户已注册", ja: "ユーザーは既に登録されています。" },
  [-4004]: { trpc: "FORBIDDEN", en: "Only new members can claim this red packet.", zh: "仅限新人领取", ja: "新規メンバーのみ受け取れます。" },
  [-4005]: { trpc: "BAD_REQUEST", en: "The red packet token does not match.", zh: "红包标识不匹配", ja: "お年玉の識別子が一致しません。" },
  [-4006]: { trpc: "NOT_FOUND", en: "Invalid red packet id.", zh: "非法的红包ID", ja: "お年玉IDが不正です。" },
  [-4007]: { trpc: "BAD_REQUEST", en: "The verification code is wrong.", zh: "验证码不正确", ja: "認証コードが正しくありません。" },
  [-4008]: { trpc: "BAD_REQUEST", en: "The verification code has expired or was used.", zh: "验证码已经过期或者已使用", ja: "認証コードは期限切れか使用済みです。" },
  [-4009]: { trpc: "CONFLICT", en: "You already claimed this red packet.", zh: "红包已领取", ja: "このお年玉は既に受け取っています。" },
  [-4010]: { trpc: "FORBIDDEN", en: "You may not send red packets.", zh: "用户无发红包权限", ja: "お年玉を送る権限がありません。" },
  [-5000]: { trpc: "NOT_FOUND", en: "Chat room not found.", zh: "聊天室不存在", ja: "チャットルームが存在しません。" },
  [-5001]: { trpc: "FORBIDDEN", en: "You have not entered this chat room.", zh: "用户未进入此聊天室", ja: "このチャットルームに入室していません。" },
  [-6000]: { trpc: "NOT_FOUND", en: "Conversation not found.", zh: "查询聊天记录失败", ja: "会話が見つかりません。" },
  [-7000]: { trpc: "BAD_REQUEST", en: "The message content is not valid.", zh: "消息格式错误", ja: "メッセージの内容が正しくありません。" },
  [-8000]: { trpc: "INTERNAL_SERVER_ERROR", en: "Sending the SMS code failed.", zh: "获取手机验证码失败", ja: "SMS認証コードの送信に失敗しました。" },
  [-9000]: { trpc: "INTERNAL_SERVER_ERROR", en: "Something went wrong on our side.", zh: "服务端内部错误", ja: "サーバー内部エラーが発生しました。" },
} as const satisfies Record<number, Entry>;

export type AppCode = keyof typeof ERROR_TABLE;

export function isAppCode(code: number): code is AppCode {
  return Object.prototype.hasOwnProperty.call(ERROR_TABLE, code);
}

export function pickLocale(input: string | null | undefined): Locale {
  const v = (input ?? "").toLowerCase();
  if (v.startsWith("zh")) return "zh-CN";
  if (v.startsWith("ja")) return "ja";
  return "en";
}

/** The readable message for a code, in the caller's language. */
export function messageFor(code: AppCode, locale: Locale = "en"): string {
  const e = ERROR_TABLE[code];
  return locale === "zh-CN" ? e.zh : locale === "ja" ? e.ja : e.en;
}
