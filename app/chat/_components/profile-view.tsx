"use client";
// My profile: photo (upload → user.editAvatar), name (user.editNickname), my Parley ID to
// share, a password (user.setPassword: set one after an SMS sign-up, or change it), the
// language, and sign out.
import { useEffect, useId, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { t, type UiLocale } from "../../_lib/i18n";
import type { TMe } from "../../_lib/member-api";
import { errorText } from "../../_lib/trpc";
import type { Messenger } from "../_lib/messenger";
import { Avatar } from "./avatar";
import { BackIcon } from "./icons";
import { LanguagePicker } from "./language-picker";
import { PanelHeader, panelBtn } from "./ui";

type Status = { kind: "ok" | "error"; text: string } | null;

export function ProfileView(p: { locale: UiLocale; me: TMe; messenger: Messenger; onBack(): void; onSignOut(): void; onWallet?(): void }) {
  const { locale, me, messenger } = p;
  const [nickname, setNickname] = useState(me.username);
  const [password, setPassword] = useState("");
  const [oldPassword, setOldPassword] = useState("");
  const [photo, setPhoto] = useState<Status>(null);
  const [nameStatus, setNameStatus] = useState<Status>(null);
  const [pwStatus, setPwStatus] = useState<Status>(null);
  const [busy, setBusy] = useState<"photo" | "name" | "password" | null>(null);
  const [copied, setCopied] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const back = useRef<HTMLButtonElement>(null);
  const ids = { name: useId(), pw: useId(), old: useId() };
  useEffect(() => back.current?.focus({ preventScroll: true }), []);
  useEffect(() => setNickname(me.username), [me.username]);

  const onPhoto = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    e.target.value = "";
    if (!f) return;
    setBusy("photo");
    setPhoto(null);
    try {
      await messenger.editAvatar(f);
      setPhoto({ kind: "ok", text: t(locale, "chat.photoUpdated") });
    } catch (err) {
      setPhoto({ kind: "error", text: errorText(err) });
    } finally {
      setBusy(null);
    }
  };

  const saveName = async (e: FormEvent) => {
    e.preventDefault();
    setBusy("name");
    setNameStatus(null);
    try {
      await messenger.editNickname(nickname.trim());
      setNameStatus({ kind: "ok", text: t(locale, "chat.nicknameSaved") });
    } catch (err) {
      setNameStatus({ kind: "error", text: errorText(err) });
    } finally {
      setBusy(null);
    }
  };

  const savePassword = async (e: FormEvent) => {
    e.preventDefault();
    setBusy("password");
    setPwStatus(null);
    try {
      await messenger.setPassword(password, oldPassword || undefined);
      setPassword("");
      setOldPassword("");
      setPwStatus({ kind: "ok", text: t(locale, "chat.passwordSaved") });
    } catch (err) {
      setPwStatus({ kind: "error", text: errorText(err) });
    } finally {
      setBusy(null);
    }
  };

  const copyId = async () => {
    try {
      await navigator.clipboard.writeText(me.uid);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      /* no clipboard: the number is selectable */
    }
  };

  const field = "block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200";
  const primary =
    "shrink-0 rounded-lg bg-indigo-600 px-3 py-2 text-sm font-medium text-white outline-none hover:bg-indigo-700 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:opacity-50";

  return (
    <section aria-label={t(locale, "chat.profile")} data-testid="chat-profile" className="flex min-h-0 flex-1 flex-col bg-white">
      <PanelHeader
        title={t(locale, "chat.profile")}
        left={
          <button ref={back} type="button" onClick={p.onBack} data-testid="chat-profile-back" aria-label={t(locale, "chat.back")} title={t(locale, "chat.back")} className={panelBtn}>
            <BackIcon className="h-6 w-6" />
          </button>
        }
      />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="flex flex-col items-center gap-2 px-6 pt-6 pb-4 text-center">
          <button
            type="button"
            onClick={() => file.current?.click()}
            disabled={busy === "photo"}
            className="group relative rounded-full outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
            aria-label={t(locale, "chat.changePhoto")}
          >
            <Avatar id={me.id} name={me.username} src={me.avatar} size="lg" />
            <span className="absolute inset-x-0 bottom-0 rounded-b-full bg-black/45 py-0.5 text-[10px] font-medium text-white opacity-0 group-hover:opacity-100 group-focus-visible:opacity-100">
              {t(locale, "chat.changePhoto")}
            </span>
          </button>
          <input ref={file} type="file" accept="image/png,image/jpeg,image/gif,image/webp" className="hidden" onChange={onPhoto} data-testid="chat-avatar-file" tabIndex={-1} />
          <button type="button" onClick={() => file.current?.click()} className="text-sm font-medium text-indigo-700 underline-offset-2 outline-none hover:underline focus-visible:ring-2 focus-visible:ring-indigo-500">
            {busy === "photo" ? t(locale, "msg.uploading") : t(locale, "chat.changePhoto")}
          </button>
          {photo && (
            <p role={photo.kind === "error" ? "alert" : "status"} className={`text-xs ${photo.kind === "error" ? "text-red-700" : "text-emerald-700"}`}>
              {photo.text}
            </p>
          )}
          <h2 className="mt-1 text-lg font-semibold break-words" data-testid="chat-profile-name">
            {me.username}
          </h2>
        </div>

        <div className="mx-4 mb-4 flex items-center gap-3 rounded-2xl bg-indigo-50 px-4 py-3 ring-1 ring-indigo-100">
          <div className="min-w-0 flex-1">
            <p className="text-xs font-medium text-indigo-800">{t(locale, "chat.yourId")}</p>
            <p data-testid="chat-my-markid" className="font-mono text-xl tracking-wider text-indigo-950 select-all">
              {me.uid}
            </p>
          </div>
          <button
            type="button"
            onClick={() => void copyId()}
            className="shrink-0 rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 outline-none hover:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-indigo-500"
          >
            {copied ? t(locale, "chat.copied") : t(locale, "chat.copy")}
          </button>
        </div>

        {p.onWallet && (
          <div className="border-t border-slate-100 px-5 py-3">
            <button
              type="button"
              data-testid="chat-profile-wallet"
              onClick={p.onWallet}
              className="flex w-full items-center justify-between rounded-lg px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-200 outline-none hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-indigo-500"
            >
              <span>{t(locale, "wallet.open")}</span>
              <span aria-hidden className="text-slate-400">›</span>
            </button>
          </div>
        )}

        <form onSubmit={saveName} className="border-t border-slate-100 px-5 py-4">
          <label htmlFor={ids.name} className="mb-1.5 block text-sm font-medium text-slate-700">
            {t(locale, "chat.nickname")}
          </label>
          <div className="flex gap-2">
            <input id={ids.name} data-testid="chat-nickname" value={nickname} maxLength={64} onChange={(e) => setNickname(e.target.value)} className={`${field} min-w-0 flex-1`} />
            <button type="submit" data-testid="chat-nickname-save" disabled={busy === "name" || !nickname.trim() || nickname.trim() === me.username} className={primary}>
              {t(locale, "chat.save")}
            </button>
          </div>
          {nameStatus && (
            <p role={nameStatus.kind === "error" ? "alert" : "status"} className={`mt-1.5 text-xs ${nameStatus.kind === "error" ? "text-red-700" : "text-emerald-700"}`}>
              {nameStatus.text}
            </p>
          )}
        </form>

        <form onSubmit={savePassword} className="space-y-2 border-t border-slate-100 px-5 py-4">
          <h3 className="text-sm font-medium text-slate-700">{t(locale, "chat.passwordSection")}</h3>
          <label htmlFor={ids.old} className="block text-xs text-slate-600">
            {t(locale, "chat.oldPassword")}
          </label>
          <input id={ids.old} type="password" autoComplete="current-password" value={oldPassword} onChange={(e) => setOldPassword(e.target.value)} className={field} />
          <label htmlFor={ids.pw} className="block text-xs text-slate-600">
            {t(locale, "chat.newPassword")}
          </label>
          <input id={ids.pw} data-testid="chat-new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} className={field} />
          <button type="submit" data-testid="chat-password-save" disabled={busy === "password" || !password} className={`${primary} w-full`}>
            {t(locale, "chat.setPassword")}
          </button>
          {pwStatus && (
            <p role={pwStatus.kind === "error" ? "alert" : "status"} className={`text-xs ${pwStatus.kind === "error" ? "text-red-700" : "text-emerald-700"}`}>
              {pwStatus.text}
            </p>
          )}
        </form>

        <div className="flex flex-col gap-3 border-t border-slate-100 px-5 py-4">
          {me.account && (
            <p className="text-sm text-slate-600">
              {t(locale, "chat.phone")}: <span className="text-slate-800">{me.account}</span>
            </p>
          )}
          <LanguagePicker />
        </div>

        <div className="border-t border-slate-100 px-5 py-4">
          <button
            type="button"
            data-testid="chat-signout"
            onClick={p.onSignOut}
            className="w-full rounded-lg px-3 py-2 text-sm font-medium text-red-700 ring-1 ring-red-200 outline-none hover:bg-red-50 focus-visible:ring-2 focus-visible:ring-red-400"
          >
            {t(locale, "chat.signOut")}
          </button>
        </div>
      </div>
    </section>
  );
}
