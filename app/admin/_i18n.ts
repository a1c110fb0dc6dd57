// UI text of the admin pages (/admin/*) in en / zh-CN / ja — apart from app/_lib/i18n.ts, which
// the widget, console and messenger share. Add a key to all three languages at once.
import { resolveLocale, type UiLocale } from "../_lib/i18n";

export { resolveLocale, type UiLocale };

const en = {
  "sms.docTitle": "SMS outbox · Parley admin",
  "sms.title": "SMS outbox",
  "sms.subtitle": "What the development SMS provider would have texted: sign-in codes, newest first. Codes expire 5 minutes after they are sent.",
  "sms.mobile": "Mobile number",
  "sms.filter": "Filter",
  "sms.showAll": "Show all",
  "sms.refresh": "Refresh",
  "sms.time": "Sent",
  "sms.to": "To",
  "sms.text": "Text",
  "sms.empty": "Nothing has been texted yet.",
  "sms.emptyFor": "Nothing was texted to {mobile}.",
  "sms.count": "{count} shown, newest first (the newest 100 at most).",
  "sms.signIn": "Sign in with an admin account to read the SMS outbox.",
  "sms.signInLink": "Sign in",
  "sms.forbidden": "This page is for platform admins, and your account is not one.",
  "sms.provider": "The development outbox is off: sign-in codes are texted by the “{provider}” provider (PARLEY_SMS_PROVIDER), so there is nothing to read here.",
  "sms.noBridge": "The Parley server is not running this page: start Parley with `npm start`, not `next start`.",
} as const;

export type AdminKey = keyof typeof en;

const zh: Record<AdminKey, string> = {
  "sms.docTitle": "短信发件箱 · Parley 管理",
  "sms.title": "短信发件箱",
  "sms.subtitle": "开发用短信通道本应发出的短信（登录验证码），最新的在前。验证码发出 5 分钟后失效。",
  "sms.mobile": "手机号",
  "sms.filter": "筛选",
  "sms.showAll": "显示全部",
  "sms.refresh": "刷新",
  "sms.time": "发送时间",
  "sms.to": "收件人",
  "sms.text": "内容",
  "sms.empty": "还没有发出任何短信。",
  "sms.emptyFor": "没有发给 {mobile} 的短信。",
  "sms.count": "显示 {count} 条，最新的在前（最多显示最新的 100 条）。",
  "sms.signIn": "请用管理员账号登录后查看短信发件箱。",
  "sms.signInLink": "登录",
  "sms.forbidden": "此页面仅限平台管理员，您的账号不是管理员。",
  "sms.provider": "开发发件箱已关闭：登录验证码由“{provider}”短信通道发送（PARLEY_SMS_PROVIDER），这里没有可查看的内容。",
  "sms.noBridge": "此页面不是由 Parley 服务器提供的：请用 `npm start` 启动 Parley，而不是 `next start`。",
};

const ja: Record<AdminKey, string> = {
  "sms.docTitle": "SMS 送信箱 · Parley 管理",
  "sms.title": "SMS 送信箱",
  "sms.subtitle": "開発用 SMS プロバイダーが送信するはずだった SMS（ログイン用の認証コード）です。新しい順に表示します。コードは送信から 5 分で失効します。",
  "sms.mobile": "携帯電話番号",
  "sms.filter": "絞り込む",
  "sms.showAll": "すべて表示",
  "sms.refresh": "更新",
  "sms.time": "送信日時",
  "sms.to": "宛先",
  "sms.text": "本文",
  "sms.empty": "まだ何も送信されていません。",
  "sms.emptyFor": "{mobile} に送信された SMS はありません。",
  "sms.count": "{count} 件を新しい順に表示しています（最大で最新の 100 件）。",
  "sms.signIn": "SMS 送信箱を見るには管理者アカウントでログインしてください。",
  "sms.signInLink": "ログイン",
  "sms.forbidden": "このページはプラットフォーム管理者専用です。お使いのアカウントは管理者ではありません。",
  "sms.provider": "開発用送信箱はオフです：認証コードは「{provider}」プロバイダー（PARLEY_SMS_PROVIDER）が送信するため、ここに表示するものはありません。",
  "sms.noBridge": "このページは Parley サーバーから提供されていません。`next start` ではなく `npm start` で Parley を起動してください。",
};

const TABLES: Record<UiLocale, Record<AdminKey, string>> = { en, "zh-CN": zh, ja };

export function tAdmin(locale: UiLocale, key: AdminKey, vars?: Record<string, string>): string {
  let s = TABLES[locale][key] ?? en[key];
  for (const [k, v] of Object.entries(vars ?? {})) s = s.replaceAll(`{${k}}`, v);
  return s;
}
