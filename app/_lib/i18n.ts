// UI text in en / zh-CN / ja. Keys are shared by the widget and the console; add a key to
// all three languages at once.
export type UiLocale = "en" | "zh-CN" | "ja";

export function resolveLocale(input?: string | null): UiLocale {
  const v = (input ?? "").toLowerCase();
  if (v.startsWith("zh")) return "zh-CN";
  if (v.startsWith("ja")) return "ja";
  return "en";
}

const en = {
  "widget.title": "Chat with us",
  "widget.placeholder": "Write a message…",
  "widget.send": "Send",
  "widget.attach": "Send an image",
  "widget.close": "Close chat",
  "widget.reconnecting": "Reconnecting…",
  "widget.connecting": "Connecting…",
  "widget.loadOlder": "Load earlier messages",
  "widget.empty": "Ask us anything — we usually reply in a few minutes.",
  "widget.failed": "Not sent. Tap to retry.",
  "widget.sending": "Sending…",
  "widget.agentJoined": "{name} joined the chat",
  "widget.you": "You",
  "widget.loading": "Loading…",
  "widget.notAllowed": "This chat cannot be shown on this page.",
  "widget.uploadTooBig": "That image is too large (5 MB at most).",
  "console.title": "Agent console",
  "console.signIn": "Sign in",
  "console.signOut": "Sign out",
  "console.mobile": "Mobile number",
  "console.password": "Password",
  "console.badLogin": "Wrong mobile number or password.",
  "console.waiting": "Waiting",
  "console.mine": "Mine",
  "console.all": "All",
  "console.take": "Take",
  "console.online": "Online",
  "console.away": "Away",
  "console.offline": "Offline",
  "console.noConversations": "No conversations here yet.",
  "console.pick": "Pick a conversation to start.",
  "console.takenByOther": "Another agent already took this conversation.",
  "console.reply": "Reply…",
  "console.back": "Back",
} as const;

export type UiKey = keyof typeof en;

const zh: Record<UiKey, string> = {
  "widget.title": "在线客服",
  "widget.placeholder": "输入消息…",
  "widget.send": "发送",
  "widget.attach": "发送图片",
  "widget.close": "关闭聊天",
  "widget.reconnecting": "正在重新连接…",
  "widget.connecting": "正在连接…",
  "widget.loadOlder": "加载更早的消息",
  "widget.empty": "有任何问题都可以问我们，通常几分钟内回复。",
  "widget.failed": "发送失败，点击重试。",
  "widget.sending": "发送中…",
  "widget.agentJoined": "{name} 已加入对话",
  "widget.you": "我",
  "widget.loading": "加载中…",
  "widget.notAllowed": "此页面无法显示聊天窗口。",
  "widget.uploadTooBig": "图片太大（最大 5 MB）。",
  "console.title": "客服工作台",
  "console.signIn": "登录",
  "console.signOut": "退出登录",
  "console.mobile": "手机号",
  "console.password": "密码",
  "console.badLogin": "手机号或密码错误。",
  "console.waiting": "待接待",
  "console.mine": "我的",
  "console.all": "全部",
  "console.take": "接待",
  "console.online": "在线",
  "console.away": "挂起",
  "console.offline": "离线",
  "console.noConversations": "暂无会话。",
  "console.pick": "选择一个会话开始。",
  "console.takenByOther": "该会话已被其他客服接待。",
  "console.reply": "回复…",
  "console.back": "返回",
};

const ja: Record<UiKey, string> = {
  "widget.title": "チャットでお問い合わせ",
  "widget.placeholder": "メッセージを入力…",
  "widget.send": "送信",
  "widget.attach": "画像を送信",
  "widget.close": "チャットを閉じる",
  "widget.reconnecting": "再接続しています…",
  "widget.connecting": "接続しています…",
  "widget.loadOlder": "以前のメッセージを読み込む",
  "widget.empty": "お気軽にお問い合わせください。通常数分以内に返信します。",
  "widget.failed": "送信できませんでした。タップして再送信。",
  "widget.sending": "送信中…",
  "widget.agentJoined": "{name} が参加しました",
  "widget.you": "あなた",
  "widget.loading": "読み込み中…",
  "widget.notAllowed": "このページではチャットを表示できません。",
  "widget.uploadTooBig": "画像が大きすぎます（最大 5 MB）。",
  "console.title": "サポートコンソール",
  "console.signIn": "ログイン",
  "console.signOut": "ログアウト",
  "console.mobile": "携帯電話番号",
  "console.password": "パスワード",
  "console.badLogin": "携帯電話番号またはパスワードが正しくありません。",
  "console.waiting": "対応待ち",
  "console.mine": "担当",
  "console.all": "すべて",
  "console.take": "対応する",
  "console.online": "オンライン",
  "console.away": "離席中",
  "console.offline": "オフライン",
  "console.noConversations": "会話はまだありません。",
  "console.pick": "会話を選んでください。",
  "console.takenByOther": "この会話は既に別の担当者が対応しています。",
  "console.reply": "返信…",
  "console.back": "戻る",
};

const dict: Record<UiLocale, Record<UiKey, string>> = { en, "zh-CN": zh, ja };

export function t(locale: UiLocale, key: UiKey, vars?: Record<string, string>): string {
  let s = dict[locale][key] ?? en[key];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, v);
  return s;
}
