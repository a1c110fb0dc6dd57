"use client";
// /packets/<id>, a red packet's public page, phone first: the packet (who sent it, the
// greeting, how many shares are left), a big Open, then the amount grabbed and the phone
// number to receive it — or, for a number without an account, a short registration with an
// SMS code. Who got what is listed below. What the page knows is ClaimFlow's; this file only
// draws it and moves the focus to each step's first field.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode } from "react";
import { avatarColor, avatarText, safeUploadUrl } from "../../_components/chat/format";
import { useLocale } from "../../_components/use-locale";
import type { UiLocale } from "../../_lib/i18n";
import { createApi } from "../../_lib/trpc";
import { LanguagePicker } from "../../chat/_components/language-picker";
import { ClaimFlow, MIN_PASSWORD, type ClaimMessage, type ClaimSnapshot, type SessionStore } from "../_lib/claim-flow";
import { tPacket, type PacketKey } from "../_lib/i18n";
import { claimApi, type TPacketInfo } from "../_lib/packet-api";

/** sessionStorage, or nothing when the browser blocks it (a reload then starts again) */
const browserSession: SessionStore = {
  get(key) {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      sessionStorage.setItem(key, value);
    } catch {
      /* blocked */
    }
  },
  remove(key) {
    try {
      sessionStorage.removeItem(key);
    } catch {
      /* blocked */
    }
  },
};

type Tr = (key: PacketKey, vars?: Record<string, string | number>) => string;

const field =
  "block w-full rounded-xl border border-slate-300 bg-white px-3.5 py-3 text-base text-slate-900 outline-none placeholder:text-slate-400 focus:border-red-500 focus:ring-2 focus:ring-red-200 aria-[invalid=true]:border-red-500";
const primary =
  "flex w-full items-center justify-center rounded-xl bg-red-600 px-4 py-3 text-base font-semibold text-white shadow-sm outline-none hover:bg-red-700 focus-visible:ring-2 focus-visible:ring-red-500 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-60";
const secondary =
  "flex w-full items-center justify-center rounded-xl px-4 py-2.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 outline-none hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-red-500 disabled:opacity-60";

export function PacketClaimApp({ packetId }: { packetId: string | null }) {
  const locale = useLocale();
  const tr = useMemo<Tr>(() => (key, vars) => tPacket(locale, key, vars), [locale]);
  useEffect(() => {
    document.title = tr("packet.docTitle");
  }, [tr]);
  if (!packetId) return <Gone tr={tr} />;
  return <PacketClaim key={packetId} packetId={packetId} locale={locale} tr={tr} />;
}

function PacketClaim({ packetId, locale, tr }: { packetId: string; locale: UiLocale; tr: Tr }) {
  const localeRef = useRef(locale);
  useLayoutEffect(() => {
    localeRef.current = locale;
  });
  const flow = useMemo(() => new ClaimFlow({ packetId, api: claimApi(createApi({ getLocale: () => localeRef.current })), storage: browserSession }), [packetId]);
  useEffect(() => {
    void flow.start();
    return () => flow.dispose();
  }, [flow]);
  const s = useSyncExternalStore(flow.subscribe, flow.getSnapshot, flow.getSnapshot);

  if (s.stage === "loading") {
    return (
      <Screen>
        <div className="flex flex-col items-center gap-3 py-16 text-red-50" aria-busy="true" data-testid="packet-loading" role="status">
          <span aria-hidden className="h-9 w-9 animate-spin rounded-full border-2 border-red-300 border-t-amber-300" />
          {tr("packet.loading")}
        </div>
      </Screen>
    );
  }
  if (s.stage === "gone") return <Gone tr={tr} />;
  if (s.stage === "failed" || !s.info) {
    return (
      <Screen>
        <Card testId="packet-failed">
          <div role="alert" className="p-6 text-center">
            <p className="text-slate-800">{tr("packet.loadFailed")}</p>
            {s.message && "text" in s.message && <p className="mt-2 text-sm text-slate-500">{s.message.text}</p>}
            <button type="button" onClick={flow.retry} className={`${primary} mt-5`} data-testid="packet-retry">
              {tr("packet.retry")}
            </button>
          </div>
        </Card>
      </Screen>
    );
  }

  const info = s.info;
  return (
    <Screen>
      <Card testId="packet-page" data={{ "data-stage": s.stage, "data-state": info.state, "data-packet-id": info.packetId }}>
        <PacketFace info={info} tr={tr} seal={s.stage === "view" && info.state === "open"} />
        <div className="px-5 pt-5 pb-6">
          {s.stage === "view" && <ViewStep s={s} info={info} tr={tr} onOpen={() => void flow.open()} />}
          {s.stage === "entry" && <EntryStep s={s} info={info} tr={tr} onEnter={(a) => void flow.enter(a)} />}
          {s.stage === "register" && (
            <RegisterStep s={s} info={info} tr={tr} resendIn={(now) => flow.resendIn(now)} onSendCode={() => void flow.sendCode()} onRegister={(v) => void flow.register(v)} onOtherNumber={() => flow.otherNumber()} />
          )}
          {s.stage === "done" && <DoneStep s={s} info={info} tr={tr} />}
        </div>
      </Card>
      <Claims info={info} tr={tr} />
    </Screen>
  );
}

/** the red column every state sits in: the card, then the language */
function Screen({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-md flex-col gap-4 px-4 pt-[max(1.5rem,env(safe-area-inset-top))] pb-[max(1.5rem,env(safe-area-inset-bottom))] sm:pt-10">
      {children}
      <div className="mt-auto flex justify-center pt-2 [&_label]:text-red-50">
        <LanguagePicker />
      </div>
    </main>
  );
}

function Card({ children, testId, data }: { children: ReactNode; testId: string; data?: Record<string, string> }) {
  return (
    <section data-testid={testId} {...data} className="overflow-hidden rounded-3xl bg-white shadow-xl ring-1 ring-red-900/10">
      {children}
    </section>
  );
}

/** the envelope: sender, greeting, state and what is left */
function PacketFace({ info, tr, seal }: { info: TPacketInfo; tr: Tr; seal: boolean }) {
  const avatar = safeUploadUrl(info.sender.avatar);
  const greeting = info.greeting.trim() || tr("packet.defaultGreeting");
  const stateTone = info.state === "open" ? "bg-amber-300 text-red-900" : "bg-red-900/40 text-red-50";
  return (
    <header className={`relative bg-gradient-to-b from-red-500 to-red-600 px-5 pt-6 text-center text-white ${seal ? "pb-14" : "pb-7"}`}>
      <span className={`absolute top-3 right-3 rounded-full px-2.5 py-0.5 text-xs font-semibold ${stateTone}`} data-testid="packet-state">
        {tr(`packet.state.${info.state}`)}
      </span>
      {avatar ? (
        // eslint-disable-next-line @next/next/no-img-element -- an upload, served by Parley itself
        <img src={avatar} alt="" className="mx-auto h-14 w-14 rounded-full object-cover ring-2 ring-amber-200" />
      ) : (
        <span aria-hidden className={`mx-auto flex h-14 w-14 items-center justify-center rounded-full text-lg font-semibold ring-2 ring-amber-200 ${avatarColor(info.sender.id)}`}>
          {avatarText(info.sender.nickname)}
        </span>
      )}
      <h1 className="mt-3 text-base font-medium text-red-50" data-testid="packet-sender">
        {tr("packet.from", { name: info.sender.nickname })}
      </h1>
      <p className="mt-2 text-xl leading-snug font-semibold break-words text-amber-100" data-testid="packet-greeting">
        {greeting}
      </p>
      <p className="mt-3 flex flex-wrap items-center justify-center gap-x-2 gap-y-1 text-sm text-red-100">
        <span data-testid="packet-remain">{tr("packet.left", { remain: info.remain, count: info.count })}</span>
        <span aria-hidden>·</span>
        <span>{tr(info.type === 1 ? "packet.lucky" : "packet.fixed")}</span>
        <span aria-hidden>·</span>
        <span data-testid="packet-coin">{info.code}</span>
        {info.newMembersOnly && (
          <>
            <span aria-hidden>·</span>
            <span>{tr("packet.newMembersOnly")}</span>
          </>
        )}
      </p>
    </header>
  );
}

function ViewStep({ s, info, tr, onOpen }: { s: ClaimSnapshot; info: TPacketInfo; tr: Tr; onOpen(): void }) {
  const ref = useRef<HTMLButtonElement>(null);
  const lapsed = !!s.message && "key" in s.message && (s.message.key === "packet.lapsed" || s.message.key === "packet.alreadyHasShare" || s.message.key === "packet.notNewMember");
  // back here after losing a share: the focus goes to Open again
  useEffect(() => {
    if (lapsed) ref.current?.focus();
  }, [lapsed]);
  const busy = s.busy === "open";
  return (
    <div className="flex flex-col items-center gap-4 text-center">
      {info.state === "open" ? (
        <>
          {/* the seal on the envelope's edge */}
          <button
            ref={ref}
            type="button"
            onClick={onOpen}
            disabled={busy}
            aria-label={busy ? tr("packet.opening") : lapsed ? tr("packet.openAgain") : tr("packet.openLabel")}
            aria-busy={busy || undefined}
            data-testid="packet-open"
            className="relative z-10 -mt-16 flex h-24 w-24 items-center justify-center rounded-full bg-amber-300 text-3xl font-bold text-red-800 shadow-lg ring-4 ring-white outline-none hover:bg-amber-200 focus-visible:ring-red-300 disabled:cursor-wait motion-safe:transition-transform motion-safe:active:scale-95"
          >
            {busy ? <span aria-hidden className="h-8 w-8 animate-spin rounded-full border-2 border-red-300 border-t-red-800" /> : <span aria-hidden>{lapsed ? "↻" : tr("packet.open")}</span>}
          </button>
          <p aria-hidden className="text-sm text-slate-500">
            {busy ? tr("packet.opening") : lapsed ? tr("packet.openAgain") : tr("packet.openLabel")}
          </p>
        </>
      ) : (
        <p className="text-sm text-slate-600" data-testid="packet-closed">
          {tr(info.state === "finished" ? "packet.finishedText" : "packet.expiredText")}
        </p>
      )}
      <Message s={s} tr={tr} />
      {info.mine && (
        <p className="w-full rounded-xl bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="packet-mine">
          {tr("packet.mine", { amount: info.mine, code: info.code })}
        </p>
      )}
    </div>
  );
}

function Amount({ amount, code, tr }: { amount: string; code: string; tr: Tr }) {
  return (
    <div className="text-center">
      <p className="text-sm text-slate-500">{tr("packet.youGot")}</p>
      <p className="mt-1 font-semibold text-red-600" data-testid="packet-amount">
        <span className="text-4xl tabular-nums">{amount}</span> <span className="text-lg">{code}</span>
      </p>
    </div>
  );
}

function EntryStep({ s, info, tr, onEnter }: { s: ClaimSnapshot; info: TPacketInfo; tr: Tr; onEnter(account: string): void }) {
  const id = useId();
  const [account, setAccount] = useState(s.held?.account ?? "");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    if (s.invalid === "account") input.current?.focus();
  }, [s.invalid, s.message]);
  const busy = s.busy === "entry";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onEnter(account);
  };
  return (
    <div className="space-y-5">
      <Amount amount={s.held!.amount} code={info.code} tr={tr} />
      <form onSubmit={submit} noValidate className="space-y-4" data-testid="packet-entry-form" aria-busy={busy || undefined}>
        <p className="text-sm text-slate-600">{tr("packet.heldHint")}</p>
        <div>
          <label htmlFor={`${id}-phone`} className="mb-1 block text-sm font-medium text-slate-700">
            {tr("packet.phone")}
          </label>
          <input
            ref={input}
            id={`${id}-phone`}
            data-testid="packet-phone"
            name="tel"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            required
            value={account}
            onChange={(e) => setAccount(e.target.value)}
            aria-invalid={s.invalid === "account" || undefined}
            aria-describedby={`${id}-phone-hint ${s.message ? `${id}-msg` : ""}`}
            className={field}
          />
          <p id={`${id}-phone-hint`} className="mt-1.5 text-xs text-slate-500">
            {tr("packet.phoneHint")}
          </p>
        </div>
        <Message s={s} tr={tr} id={`${id}-msg`} />
        <button type="submit" disabled={busy} className={primary} data-testid="packet-receive">
          {busy ? tr("packet.receiving") : tr("packet.receive")}
        </button>
      </form>
    </div>
  );
}

function RegisterStep(p: {
  s: ClaimSnapshot;
  info: TPacketInfo;
  tr: Tr;
  resendIn(now: number): number;
  onSendCode(): void;
  onRegister(v: { captcha: string; password: string; nickname: string }): void;
  onOtherNumber(): void;
}) {
  const { s, info, tr } = p;
  const id = useId();
  const [captcha, setCaptcha] = useState("");
  const [password, setPassword] = useState("");
  const [nickname, setNickname] = useState("");
  const codeRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const sendRef = useRef<HTMLButtonElement>(null);
  const now = useTicking(s.smsUntil);
  const wait = p.resendIn(now);
  const account = s.held?.account ?? "";

  useEffect(() => sendRef.current?.focus(), []);
  // a code was sent: type it
  useEffect(() => {
    if (s.smsSentTo) codeRef.current?.focus();
  }, [s.smsSentTo, s.smsUntil]);
  useEffect(() => {
    if (s.invalid === "captcha") codeRef.current?.focus();
    else if (s.invalid === "password") passwordRef.current?.focus();
  }, [s.invalid, s.message]);

  const busy = s.busy === "register";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    p.onRegister({ captcha, password, nickname });
  };
  const msgId = s.message ? `${id}-msg` : "";
  return (
    <div className="space-y-5">
      <Amount amount={s.held!.amount} code={info.code} tr={tr} />
      <form onSubmit={submit} noValidate className="space-y-4" data-testid="packet-register-form" aria-labelledby={`${id}-title`} aria-busy={busy || undefined}>
        <div>
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {tr("packet.registerTitle")}
          </h2>
          <p className="mt-1 text-sm text-slate-600" data-testid="packet-register-hint">
            {tr("packet.registerHint", { mobile: account, amount: s.held!.amount, code: info.code })}
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-code`} className="mb-1 block text-sm font-medium text-slate-700">
            {tr("packet.code")}
          </label>
          <div className="flex gap-2">
            <input
              ref={codeRef}
              id={`${id}-code`}
              data-testid="packet-code"
              name="one-time-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={12}
              required
              value={captcha}
              onChange={(e) => setCaptcha(e.target.value)}
              aria-invalid={s.invalid === "captcha" || undefined}
              aria-describedby={`${id}-code-status ${s.invalid === "captcha" ? msgId : ""}`}
              className={`${field} min-w-0 flex-1 tracking-widest`}
            />
            <button
              ref={sendRef}
              type="button"
              onClick={p.onSendCode}
              disabled={s.busy === "sms" || wait > 0}
              data-testid="packet-send-code"
              className="shrink-0 rounded-xl px-3 text-sm font-medium text-red-700 ring-1 ring-red-200 outline-none hover:bg-red-50 focus-visible:ring-2 focus-visible:ring-red-500 disabled:text-slate-400 disabled:ring-slate-200 disabled:hover:bg-transparent"
            >
              {s.busy === "sms" ? tr("packet.sending") : wait > 0 ? tr("packet.resendIn", { s: wait }) : tr("packet.sendCode")}
            </button>
          </div>
          <p id={`${id}-code-status`} className="mt-1.5 text-xs text-slate-500" role="status" data-testid="packet-code-status">
            {s.smsSentTo ? tr("packet.codeSent", { mobile: s.smsSentTo }) : tr("packet.codeHint")}
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-password`} className="mb-1 block text-sm font-medium text-slate-700">
            {tr("packet.password")}
          </label>
          <input
            ref={passwordRef}
            id={`${id}-password`}
            data-testid="packet-password"
            name="new-password"
            type="password"
            autoComplete="new-password"
            minLength={MIN_PASSWORD}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={s.invalid === "password" || undefined}
            aria-describedby={`${id}-password-hint ${s.invalid === "password" ? msgId : ""}`}
            className={field}
          />
          <p id={`${id}-password-hint`} className="mt-1.5 text-xs text-slate-500">
            {tr("packet.passwordHint")}
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-nickname`} className="mb-1 block text-sm font-medium text-slate-700">
            {tr("packet.nickname")}
          </label>
          <input id={`${id}-nickname`} data-testid="packet-nickname" name="nickname" autoComplete="nickname" maxLength={30} value={nickname} onChange={(e) => setNickname(e.target.value)} className={field} />
        </div>
        <Message s={s} tr={tr} id={`${id}-msg`} />
        <button type="submit" disabled={busy} className={primary} data-testid="packet-register">
          {busy ? tr("packet.registering") : tr("packet.register")}
        </button>
        <button type="button" onClick={p.onOtherNumber} disabled={busy} className={secondary} data-testid="packet-other-number">
          {tr("packet.otherNumber")}
        </button>
      </form>
    </div>
  );
}

function DoneStep({ s, info, tr }: { s: ClaimSnapshot; info: TPacketInfo; tr: Tr }) {
  const done = s.done!;
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const registered = done.how === "registered";
  return (
    <div className="space-y-4 text-center" data-testid="packet-done" data-how={done.how} role="status">
      <span aria-hidden className="mx-auto flex h-12 w-12 items-center justify-center rounded-full bg-emerald-100 text-2xl text-emerald-700">
        ✓
      </span>
      <h2 ref={ref} tabIndex={-1} className="text-lg font-semibold text-slate-900 outline-none">
        {tr(registered ? "packet.registeredTitle" : "packet.creditedTitle")}
      </h2>
      <p className="font-semibold text-red-600" data-testid="packet-amount">
        <span className="text-3xl tabular-nums">{done.amount}</span> <span className="text-base">{info.code}</span>
      </p>
      <p className="text-sm text-slate-600" data-testid="packet-done-text">
        {tr(registered ? "packet.registered" : "packet.credited", { amount: done.amount, code: info.code, mobile: done.account })}
      </p>
      <a href="/chat/login" className={primary} data-testid="packet-sign-in">
        {tr("packet.signIn")}
      </a>
    </div>
  );
}

/** the step's message: an error (alert) or a hint (status) */
function Message({ s, tr, id }: { s: ClaimSnapshot; tr: Tr; id?: string }) {
  if (!s.message) return null;
  const text = textOf(s.message, tr);
  const isError = s.messageTone === "error";
  return (
    <p
      id={id}
      role={isError ? "alert" : "status"}
      data-testid="packet-message"
      data-key={"key" in s.message ? s.message.key : undefined}
      className={`w-full rounded-xl px-3 py-2 text-left text-sm ring-1 ${isError ? "bg-red-50 text-red-700 ring-red-200" : "bg-sky-50 text-sky-900 ring-sky-200"}`}
    >
      {text}
    </p>
  );
}

const textOf = (m: ClaimMessage, tr: Tr) => ("key" in m ? tr(m.key, m.vars) : m.text);

/** who got what (the packet's own list; public to anyone with the link) */
function Claims({ info, tr }: { info: TPacketInfo; tr: Tr }) {
  const id = useId();
  if (info.claims.length === 0 && info.state === "open") return null;
  return (
    <section aria-labelledby={id} className="rounded-3xl bg-white/95 px-5 py-4 shadow-lg" data-testid="packet-claims">
      <h2 id={id} className="flex items-baseline justify-between text-sm font-semibold text-slate-900">
        {tr("packet.claims")}
        <span className="text-xs font-normal text-slate-500 tabular-nums">
          {info.claimedAmount} / {info.total} {info.code}
        </span>
      </h2>
      {info.claims.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">{tr("packet.claimsEmpty")}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {info.claims.map((c) => (
            <li key={`${c.userId}:${c.claimedAt}`} className="flex items-center gap-3 py-2" data-testid="packet-claim">
              <span aria-hidden className={`flex h-8 w-8 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${avatarColor(c.userId)}`}>
                {avatarText(c.nickname)}
              </span>
              <span className="min-w-0 flex-1 truncate text-sm text-slate-800">{c.nickname}</span>
              {c.best && <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">{tr("packet.best")}</span>}
              <span className="text-sm font-medium text-slate-900 tabular-nums">
                {c.amount} {info.code}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Gone({ tr }: { tr: Tr }) {
  return (
    <Screen>
      <Card testId="packet-gone">
        <div role="alert" className="p-6 text-center">
          <span aria-hidden className="mx-auto flex h-12 w-12 items-center justify-center rounded-2xl bg-red-100 text-2xl">
            🧧
          </span>
          <p className="mt-3 font-medium text-slate-800">{tr("packet.gone")}</p>
          <a href="/chat" className={`${primary} mt-5`}>
            {tr("packet.toParley")}
          </a>
        </div>
      </Card>
    </Screen>
  );
}

/** the time, every second while a countdown to `until` runs */
function useTicking(until: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= Date.now()) return;
    setNow(Date.now());
    const id = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= until) clearInterval(id);
    }, 1000);
    return () => clearInterval(id);
  }, [until]);
  return now;
}
