"use client";
// The agent console: inbox on the left, one conversation on the right (separate screens on a
// phone). The Team tab lists the staff-internal groups of my sites — the messenger's group
// chat and info panel, the same GroupState — and makes new ones with colleagues of a site.
// tRPC and /ws both authenticate with the next-auth session cookie.
import { useSearchParams } from "next/navigation";
import { leaveSession } from "../../_auth/leave-session";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { ConversationSummary, LogEntry, MessageFrame, ServerFrame } from "../../../server/protocol/frames";
import { ConversationStore } from "../../_lib/conversation-store";
import { GroupState, groupsUnread, type GroupsSnapshot } from "../../_lib/group-state";
import { t } from "../../_lib/i18n";
import { GroupChat } from "../../chat/_components/group-chat";
import { GroupInfoPanel } from "../../chat/_components/group-info";
import { NewGroupView } from "../../chat/_components/new-group-view";
import type { Person } from "../../chat/_components/ui";
import { LiveClient, type LiveState } from "../../_lib/live-client";
import { appCodeOf, createApi, errorText } from "../../_lib/trpc";
import { ConversationView } from "./conversation-view";
import { isNewer } from "./format";
import { Header, type Availability } from "./header";
import { Inbox, type Tab } from "./inbox";
import { TeamList } from "./team-list";
import { useLocale } from "./use-locale";
import { FatalScreen } from "../../_components/fatal-screen";

interface Me {
  id: string;
  nickname: string;
  avatar: string;
  status: Availability;
  sites: { siteId: string; role: string }[];
}

interface Lists {
  waiting: ConversationSummary[];
  mine: ConversationSummary[];
  /** supervisors only */
  all: ConversationSummary[] | null;
}

type ConvFrame = Extract<ServerFrame, { eventType: 40 }>;
type StatusFrame = Extract<ServerFrame, { eventType: 41 }>;
type ReadFrame = Extract<ServerFrame, { eventType: 44; channelType: 4 }>;

const byRecent = (a: ConversationSummary, b: ConversationSummary) => b.updatedAt - a.updatedAt;

/** Keep what we already know that is newer than a (possibly older) server answer. */
function mergeOne(local: ConversationSummary | undefined, fresh: ConversationSummary): ConversationSummary {
  if (local?.lastLog && fresh.lastLog && isNewer(local.lastLog.logId, fresh.lastLog.logId)) {
    return { ...fresh, lastLog: local.lastLog, updatedAt: local.updatedAt, unread: local.unread };
  }
  return fresh;
}

function mergeList(local: ConversationSummary[], fresh: ConversationSummary[]) {
  const old = new Map(local.map((c) => [c.id, c]));
  return fresh.map((c) => mergeOne(old.get(c.id), c)).sort(byRecent);
}

function withMessage(c: ConversationSummary, entry: LogEntry, countUnread: boolean, fromMe: boolean): ConversationSummary {
  if (c.lastLog && !isNewer(entry.logId, c.lastLog.logId)) return c;
  return {
    ...c,
    lastLog: entry,
    updatedAt: Math.max(c.updatedAt, entry.datetime),
    unread: fromMe ? 0 : c.unread + (countUnread ? 1 : 0),
  };
}

function patchList(list: ConversationSummary[], id: string, f: (c: ConversationSummary) => ConversationSummary) {
  const i = list.findIndex((c) => c.id === id);
  if (i < 0) return list;
  const next = f(list[i]);
  if (next === list[i]) return list;
  const copy = list.slice();
  copy[i] = next;
  return copy.sort(byRecent);
}

function findIn(lists: Lists, id: string): ConversationSummary | undefined {
  return lists.mine.find((c) => c.id === id) ?? lists.waiting.find((c) => c.id === id) ?? lists.all?.find((c) => c.id === id);
}

const visible = () => typeof document === "undefined" || document.visibilityState === "visible";

function useNow(everyMs: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

const toLogin = (why?: "elsewhere" | "ended") => leaveSession("/console/login", why);

const NO_GROUPS: GroupsSnapshot = { rows: [], loading: true, error: null, info: {}, ended: {} };
const noop = () => () => {};

/** a colleague, as support.onlineAgents lists them */
interface Colleague {
  agentId: string;
  nickname: string;
  status: string;
  connected: boolean;
  siteIds: string[];
}

export function ConsoleApp() {
  const locale = useLocale();
  const localeRef = useRef(locale);
  const search = useSearchParams();
  const selectedId = search.get("c");
  /** a team group open (?g=), its info (&p=info), or making a new one (?p=newteam) */
  const groupId = selectedId ? null : search.get("g");
  const consolePanel = search.get("p");
  const api = useMemo(() => createApi({ getLocale: () => localeRef.current }), []);
  const now = useNow(30_000);

  const [me, setMe] = useState<Me | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [status, setStatus] = useState<Availability>("offline");
  const [statusBusy, setStatusBusy] = useState(false);
  const [live, setLive] = useState<LiveClient | null>(null);
  const [liveState, setLiveState] = useState<LiveState>("connecting");
  const [tab, setTab] = useState<Tab>("mine");
  const [lists, setLists] = useState<Lists>({ waiting: [], mine: [], all: null });
  const [counts, setCounts] = useState({ waiting: 0, mine: 0 });
  const [listLoading, setListLoading] = useState(true);
  const [listError, setListError] = useState<string | null>(null);
  /** summaries of conversations that are in no list (e.g. taken by someone else while open) */
  const [extra, setExtra] = useState<Record<string, ConversationSummary>>({});
  const [visitorRead, setVisitorRead] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [taking, setTaking] = useState(false);

  // the latest state for callbacks that live longer than a render (socket frames, timers)
  const meRef = useRef<Me | null>(null);
  const selectedRef = useRef<string | null>(selectedId);
  const groupIdRef = useRef<string | null>(groupId);
  const listsRef = useRef(lists);
  const extraRef = useRef(extra);
  const tabRef = useRef(tab);
  useLayoutEffect(() => {
    localeRef.current = locale;
    meRef.current = me;
    selectedRef.current = selectedId;
    groupIdRef.current = groupId;
    listsRef.current = lists;
    extraRef.current = extra;
    tabRef.current = tab;
  });

  const supervisedSites = useMemo(() => new Set((me?.sites ?? []).filter((s) => s.role === "supervisor").map((s) => s.siteId)), [me]);
  const isSupervisor = supervisedSites.size > 0;

  const showNotice = useCallback((text: string) => setNotice(text), []);
  useEffect(() => {
    if (!notice) return;
    const id = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(id);
  }, [notice]);

  // ---- who am I ----
  useEffect(() => {
    let cancelled = false;
    api.support.me
      .query()
      .then((m) => {
        if (cancelled) return;
        setMe(m);
        setStatus(m.status);
      })
      .catch(async (err) => {
        if (cancelled) return;
        const code = appCodeOf(err);
        if (code === -1003) return void toLogin();
        if (code === -3002) {
          // not an agent: say what this account is for instead of only "no"
          const who = await api.user.tokenLogin.mutate().catch(() => null);
          if (cancelled) return;
          return setFatal(t(localeRef.current, who?.user_level === 3 ? "console.isAdmin" : "console.notAgent"));
        }
        setFatal(errorText(err));
      });
    return () => {
      cancelled = true;
    };
  }, [api]);

  // ---- inbox ----
  const refetchSeq = useRef(0);
  const refetch = useCallback(async () => {
    if (!meRef.current) return;
    const supervisor = meRef.current.sites.some((s) => s.role === "supervisor");
    const seq = ++refetchSeq.current;
    try {
      const [w, m, a] = await Promise.all([
        api.support.chatList.query({ tab: "waiting" }),
        api.support.chatList.query({ tab: "mine" }),
        supervisor ? api.support.chatList.query({ tab: "all" }) : Promise.resolve(null),
      ]);
      if (seq !== refetchSeq.current) return;
      setLists((prev) => ({
        waiting: mergeList(prev.waiting, w.conversations),
        mine: mergeList(prev.mine, m.conversations),
        all: a ? mergeList(prev.all ?? [], a.conversations) : null,
      }));
      setCounts(m.counts);
      // "Seen" marks from the stored read pointers, not only from live read events
      setVisitorRead((prev) => {
        const next = { ...prev };
        for (const c of [...w.conversations, ...m.conversations, ...(a?.conversations ?? [])]) {
          if (c.visitorReadId !== "0" && (!next[c.id] || isNewer(c.visitorReadId, next[c.id]))) next[c.id] = c.visitorReadId;
        }
        return next;
      });
      setListError(null);
      setListLoading(false);
    } catch (err) {
      if (seq !== refetchSeq.current) return;
      if (appCodeOf(err) === -1003) return void toLogin();
      setListError(errorText(err) || t(localeRef.current, "console.loadFailed"));
      setListLoading(false);
    }
  }, [api]);

  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const scheduleRefetch = useCallback(() => {
    if (refetchTimer.current) clearTimeout(refetchTimer.current);
    refetchTimer.current = setTimeout(() => {
      refetchTimer.current = null;
      void refetch();
    }, 250);
  }, [refetch]);
  useEffect(() => () => void (refetchTimer.current && clearTimeout(refetchTimer.current)), []);

  useEffect(() => {
    if (me) void refetch();
  }, [me, refetch]);

  const summaryOf = useCallback((id: string) => findIn(listsRef.current, id) ?? extraRef.current[id], []);

  const setUnreadLocal = useCallback((id: string, unread: number) => {
    const f = (c: ConversationSummary) => (c.unread === unread ? c : { ...c, unread });
    setLists((prev) => ({
      waiting: patchList(prev.waiting, id, f),
      mine: patchList(prev.mine, id, f),
      all: prev.all && patchList(prev.all, id, f),
    }));
  }, []);

  /** put a fresh summary where it belongs now (waiting / mine / all) */
  const applySummary = useCallback((s: ConversationSummary) => {
    const myId = meRef.current?.id;
    const place = (list: ConversationSummary[], belongs: boolean) => {
      const old = list.find((c) => c.id === s.id);
      const rest = old ? list.filter((c) => c.id !== s.id) : list;
      return belongs ? [mergeOne(old, s), ...rest].sort(byRecent) : rest;
    };
    const inWaiting = s.status === "waiting" && !!s.lastLog;
    const inMine = s.status === "open" && s.agentId === myId;
    // the tab counts move at once; the refetch that follows has the exact numbers
    const before = listsRef.current;
    const delta = (list: ConversationSummary[], belongs: boolean) => (belongs ? 1 : 0) - (list.some((c) => c.id === s.id) ? 1 : 0);
    const dw = delta(before.waiting, inWaiting);
    const dm = delta(before.mine, inMine);
    if (dw || dm) setCounts((c) => ({ waiting: Math.max(0, c.waiting + dw), mine: Math.max(0, c.mine + dm) }));
    setLists((prev) => ({
      waiting: place(prev.waiting, inWaiting),
      mine: place(prev.mine, inMine),
      all: prev.all && place(prev.all, !!s.lastLog && (meRef.current?.sites ?? []).some((x) => x.siteId === s.siteId && x.role === "supervisor")),
    }));
    setExtra((prev) => (prev[s.id] ? { ...prev, [s.id]: s } : prev));
  }, []);

  // ---- mark read ----
  const markTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const scheduleMarkRead = useCallback(
    (id: string) => {
      const timers = markTimers.current;
      const old = timers.get(id);
      if (old) clearTimeout(old);
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          const s = summaryOf(id);
          const myId = meRef.current?.id;
          // a supervisor looking at someone else's conversation does not read it for them
          if (s && s.agentId && s.agentId !== myId) return;
          setUnreadLocal(id, 0);
          api.support.markRead
            .mutate({ id })
            .then((r) => setUnreadLocal(id, r.unread))
            .catch(() => {});
        }, 200),
      );
    },
    [api, setUnreadLocal, summaryOf],
  );

  useEffect(() => {
    if (me && selectedId) scheduleMarkRead(selectedId);
  }, [me, selectedId, scheduleMarkRead]);

  useEffect(() => {
    const onVis = () => {
      const id = selectedRef.current;
      if (!visible() || !id) return;
      if ((summaryOf(id)?.unread ?? 0) > 0) scheduleMarkRead(id);
    };
    document.addEventListener("visibilitychange", onVis);
    window.addEventListener("focus", onVis);
    return () => {
      document.removeEventListener("visibilitychange", onVis);
      window.removeEventListener("focus", onVis);
    };
  }, [scheduleMarkRead, summaryOf]);

  // ---- conversation stores (one per opened conversation, kept while the socket lives) ----
  const storesRef = useRef(new Map<string, ConversationStore>());
  const started = useRef(new WeakSet<ConversationStore>());

  // ---- live frames ----
  const onFrame = useCallback(
    (f: ServerFrame) => {
      const myId = meRef.current?.id;
      if (!myId) return;
      if (f.eventType === 0) {
        if (!("logId" in f) || f.channelType !== 4) return; // a failure answer: the store handles it
        const frame = f as MessageFrame;
        storesRef.current.get(frame.targetId)?.receive(frame);
        const { eventType: _e, ...entry } = frame;
        void _e;
        const fromMe = frame.fromType === "agent" && frame.fromId === myId;
        const isOpen = selectedRef.current === frame.targetId && visible();
        const countUnread = frame.fromType === "visitor" && !isOpen;
        const patch = (c: ConversationSummary) => withMessage(c, entry, countUnread, fromMe);
        if (!findIn(listsRef.current, frame.targetId)) scheduleRefetch(); // new to us: ask the server
        setLists((prev) => ({
          waiting: patchList(prev.waiting, frame.targetId, patch),
          mine: patchList(prev.mine, frame.targetId, patch),
          all: prev.all && patchList(prev.all, frame.targetId, patch),
        }));
        setExtra((prev) => (prev[frame.targetId] ? { ...prev, [frame.targetId]: patch(prev[frame.targetId]) } : prev));
        if (isOpen && frame.fromType === "visitor") scheduleMarkRead(frame.targetId);
        return;
      }
      if (f.eventType === 40 && "conversation" in f) {
        const s = (f as ConvFrame).conversation;
        applySummary(s);
        // I just took the conversation I am looking at: follow it to "Mine"
        if (s.id === selectedRef.current && s.status === "open" && s.agentId === myId && tabRef.current === "waiting") setTab("mine");
        scheduleRefetch();
        return;
      }
      if (f.eventType === 41 && "agentId" in f) {
        const s = f as StatusFrame;
        if (s.agentId === myId) setStatus(s.status);
        return;
      }
      if (f.eventType === 44 && "reader" in f) {
        const r = f as ReadFrame;
        if (r.reader === "agent") {
          const s = summaryOf(r.targetId);
          if (!s?.lastLog || !isNewer(s.lastLog.logId, r.logId)) setUnreadLocal(r.targetId, 0);
          else scheduleRefetch();
        } else {
          setVisitorRead((prev) => (prev[r.targetId] && !isNewer(r.logId, prev[r.targetId]) ? prev : { ...prev, [r.targetId]: r.logId }));
        }
      }
    },
    [applySummary, scheduleMarkRead, scheduleRefetch, setUnreadLocal, summaryOf],
  );

  // ---- team groups (staff-internal groups of my sites) ----
  const [groups, setGroups] = useState<GroupState | null>(null);
  const groupsRef = useRef<GroupState | null>(null);
  const groupsSnap = useSyncExternalStore(groups?.subscribe ?? noop, groups?.getSnapshot ?? (() => NO_GROUPS), () => NO_GROUPS);
  const [colleagues, setColleagues] = useState<Colleague[] | null>(null);
  const [colleaguesError, setColleaguesError] = useState<string | null>(null);
  const loadColleagues = useCallback(() => {
    setColleaguesError(null);
    api.support.onlineAgents
      .query()
      .then((r) => setColleagues(r.agents))
      .catch((err) => setColleaguesError(errorText(err)));
  }, [api]);
  const [newSite, setNewSite] = useState<string | null>(null);

  const onFrameRef = useRef(onFrame);
  const refetchRef = useRef(refetch);
  useLayoutEffect(() => {
    onFrameRef.current = onFrame;
    refetchRef.current = refetch;
  });

  useEffect(() => {
    if (!me) return;
    let opens = 0;
    const client = new LiveClient({
      locale: localeRef.current,
      onFrame: (f) => {
        if (groupsRef.current?.onFrame(f)) return;
        onFrameRef.current(f);
      },
      onState: setLiveState,
      // signed out in another tab, replaced by a newer sign-in (-1007) or revoked by an admin
      onSessionEnded: (code) => void toLogin(code === -1007 ? "elsewhere" : "ended"),
      onOpen: () => {
        opens++;
        void refetchRef.current();
        if (opens > 1) {
          // back after a drop: fetch what we missed, in order, without duplicates
          const id = selectedRef.current;
          const s = id ? storesRef.current.get(id) : undefined;
          if (s) s.catchUp().catch(() => {});
          gs.onReconnect();
        } else void gs.load();
      },
    });
    const mySites = new Set(me.sites.map((x) => x.siteId));
    const gs = new GroupState({
      api,
      live: () => client,
      me: () => ({ id: me.id, nickname: me.nickname, avatar: me.avatar }),
      now: () => Date.now(),
      isShown: (roomId) => groupIdRef.current === roomId && visible(),
      // the console shows only the staff groups of my sites; members' groups are the messenger's
      filter: (g) => g.interior === 1 && !!g.siteId && mySites.has(g.siteId),
      notify: (n) =>
        setNotice(t(localeRef.current, n.kind === "kicked" ? "group.toast.kicked" : n.kind === "dissolved" ? "group.toast.dissolved" : "group.toast.added", { group: n.name })),
      onSessionEnded: () => void toLogin("ended"),
    });
    groupsRef.current = gs;
    setGroups(gs);
    storesRef.current = new Map();
    setLive(client);
    client.start();
    return () => {
      client.stop();
      gs.dispose();
      groupsRef.current = null;
    };
  }, [me, api]);

  const store = useMemo(() => {
    if (!selectedId || !live || !me) return null;
    let s = storesRef.current.get(selectedId);
    if (!s) {
      s = new ConversationStore({
        api,
        live,
        conversationId: selectedId,
        isMine: (e) => e.fromType === "agent" && e.fromId === me.id,
        me: { fromType: "agent", fromId: me.id, nickname: me.nickname },
      });
      storesRef.current.set(selectedId, s);
    }
    return s;
  }, [selectedId, live, me, api]);

  useEffect(() => {
    if (!store) return;
    if (!started.current.has(store)) {
      started.current.add(store);
      void store.loadLatest();
    } else if (!store.getSnapshot().loading) {
      // opened again: only what arrived meanwhile
      store.catchUp().catch(() => {});
    }
  }, [store]);

  // ---- the open conversation's summary ----
  const listed = selectedId ? findIn(lists, selectedId) : undefined;
  const selectedSummary = selectedId ? (listed ?? extra[selectedId] ?? null) : null;
  useEffect(() => {
    if (!selectedId || !me || listed || listLoading) return;
    let cancelled = false;
    api.support.chatLog
      .query({ id: selectedId, number: 1 })
      .then((r) => {
        const summary = r.conversation; // the latest page always carries it
        if (!cancelled && summary) setExtra((prev) => ({ ...prev, [selectedId]: summary }));
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [api, selectedId, me, listed, listLoading]);

  // ---- navigation: ?c=<id> is the open conversation, ?g=<id> a team group (a separate screen on a phone) ----
  const pushed = useRef(false);
  const navigate = useCallback((url: string) => {
    if (selectedRef.current || groupIdRef.current) window.history.replaceState(null, "", url);
    else {
      window.history.pushState(null, "", url);
      pushed.current = true;
    }
  }, []);
  const select = useCallback(
    (id: string) => {
      if (id === selectedRef.current) return;
      navigate(`/console?c=${encodeURIComponent(id)}`);
    },
    [navigate],
  );
  const selectGroup = useCallback((id: string, panel?: "info") => navigate(`/console?g=${encodeURIComponent(id)}${panel ? `&p=${panel}` : ""}`), [navigate]);
  const back = useCallback(() => {
    if (pushed.current) {
      pushed.current = false;
      window.history.back();
    } else window.history.replaceState(null, "", "/console");
  }, []);

  // the team group on screen: its history, info and read marks
  const groupRow = groupId ? groupsSnap.rows.find((r) => r.group.id === groupId) : undefined;
  const groupEnded = groupId ? groupsSnap.ended[groupId] : undefined;
  const hasGroup = !!groupRow || !!groupEnded;
  const groupStore = useMemo(() => (groups && groupId && hasGroup ? groups.storeFor(groupId) : null), [groups, groupId, hasGroup]);
  const [groupFocus, setGroupFocus] = useState(0);
  const prevGroup = useRef<string | null>(null);
  useEffect(() => {
    if (!groups) return;
    const before = prevGroup.current;
    if (before && before !== groupId) groups.closed(before);
    prevGroup.current = groupId && hasGroup ? groupId : null;
    if (groupId && hasGroup) {
      groups.open(groupId);
      setGroupFocus((n) => n + 1);
    }
  }, [groups, groupId, hasGroup]);
  useEffect(() => {
    if (groupId) setTab("team");
  }, [groupId]);
  useEffect(() => {
    // a group that is not (or no longer) mine: back to the list once the list is known
    if (groupId && groups && !groupsSnap.loading && !hasGroup) window.history.replaceState(null, "", "/console");
  }, [groupId, groups, groupsSnap.loading, hasGroup]);
  useEffect(() => {
    const onVis = () => {
      const id = groupIdRef.current;
      if (id && visible()) groupsRef.current?.markRead(id);
    };
    document.addEventListener("visibilitychange", onVis);
    return () => document.removeEventListener("visibilitychange", onVis);
  }, []);
  useEffect(() => {
    if ((consolePanel === "newteam" || consolePanel === "info") && colleagues === null) loadColleagues();
  }, [consolePanel, colleagues, loadColleagues]);
  // Esc: close the group's info, then the new-group view
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || e.defaultPrevented) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA") && (el as HTMLInputElement).value) return;
      if (groupIdRef.current && consolePanel === "info") window.history.replaceState(null, "", `/console?g=${encodeURIComponent(groupIdRef.current)}`);
      else if (consolePanel === "newteam") window.history.replaceState(null, "", "/console");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [consolePanel]);

  // ---- actions ----
  const take = useCallback(async () => {
    const id = selectedRef.current;
    if (!id) return;
    setTaking(true);
    try {
      const r = await api.support.take.mutate({ id });
      applySummary(r.conversation);
      setTab("mine");
    } catch (err) {
      showNotice(appCodeOf(err) === -2010 ? t(localeRef.current, "console.takenByOther") : errorText(err));
      void refetch();
      api.support.chatLog
        .query({ id, number: 1 })
        .then((r) => {
          const summary = r.conversation;
          if (!summary) return;
          setExtra((prev) => ({ ...prev, [id]: summary }));
          applySummary(summary);
        })
        .catch(() => {});
    } finally {
      setTaking(false);
      scheduleRefetch();
    }
  }, [api, applySummary, refetch, scheduleRefetch, showNotice]);

  const changeStatus = useCallback(
    async (next: Availability) => {
      const before = status;
      setStatus(next);
      setStatusBusy(true);
      try {
        const r = await api.support.setStatus.mutate({ status: next });
        setStatus(r.status);
      } catch {
        setStatus(before);
        showNotice(t(localeRef.current, "console.statusFailed"));
      } finally {
        setStatusBusy(false);
      }
    },
    [api, status, showNotice],
  );

  const onSignOut = useCallback(async () => {
    live?.stop();
    await toLogin();
  }, [live]);

  // ---- page title: "(3) Parley console" ----
  const totalUnread = useMemo(() => {
    const seen = new Set<string>();
    let n = 0;
    for (const c of [...lists.mine, ...lists.waiting]) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      n += c.unread;
    }
    return n;
  }, [lists]);
  const teamUnread = groupsUnread(groupsSnap.rows);
  useEffect(() => {
    const base = t(locale, "console.docTitle");
    const n = totalUnread + teamUnread;
    document.title = n > 0 ? `(${n}) ${base}` : base;
  }, [totalUnread, teamUnread, locale]);

  // site names, as the conversations know them
  const siteNames = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of [...lists.mine, ...lists.waiting, ...(lists.all ?? [])]) if (c.siteName) m.set(c.siteId, c.siteName);
    return m;
  }, [lists]);

  // ---- render ----
  if (fatal) {
    return <FatalScreen message={fatal} retryLabel={t(locale, "console.tryAgain")} signOutLabel={t(locale, "console.signOut")} onSignOut={() => void toLogin()} />;
  }
  if (!me) {
    return (
      <main className="flex h-dvh items-center justify-center text-sm text-slate-500" aria-busy="true">
        {t(locale, "console.loading")}
      </main>
    );
  }

  const tabs: { tab: Tab; count: number }[] = [
    { tab: "waiting", count: counts.waiting },
    { tab: "mine", count: counts.mine },
    ...(isSupervisor ? [{ tab: "all" as const, count: lists.all?.length ?? 0 }] : []),
    { tab: "team", count: teamUnread },
  ];
  const multiSite = me.sites.length > 1;
  const site = newSite ?? me.sites[0]?.siteId ?? null;
  const colleaguesOf = (siteId: string | null): Person[] =>
    (colleagues ?? []).filter((a) => a.agentId !== me.id && (!siteId || a.siteIds.includes(siteId))).map((a) => ({ id: a.agentId, name: a.nickname, detail: t(locale, a.connected && a.status === "online" ? "console.online" : a.status === "away" ? "console.away" : "console.offline") }));
  const groupSite = groupRow?.group.siteId ?? null;
  const newTeamOpen = consolePanel === "newteam" && !selectedId && !groupId;
  const groupInfoOpen = !!groupId && hasGroup && consolePanel === "info" && !groupEnded;
  const screenOpen = !!selectedId || (!!groupId && hasGroup) || newTeamOpen;
  const shown = tab === "waiting" ? lists.waiting : tab === "mine" ? lists.mine : (lists.all ?? []);

  return (
    <div className="flex h-dvh flex-col">
      <Header
        locale={locale}
        nickname={me.nickname}
        status={status}
        statusBusy={statusBusy}
        onStatus={(s) => void changeStatus(s)}
        live={liveState}
        onSignOut={() => void onSignOut()}
      />
      <div className="relative flex min-h-0 flex-1">
        <aside className={`${screenOpen ? "hidden md:flex" : "flex"} w-full shrink-0 flex-col border-r border-slate-200 bg-white md:w-80 lg:w-96`}>
          <Inbox
            locale={locale}
            myId={me.id}
            tabs={tabs}
            tab={tab}
            onTab={setTab}
            conversations={shown}
            loading={listLoading}
            error={listError}
            onRetry={() => void refetch()}
            selectedId={selectedId}
            onSelect={select}
            now={now}
            teamPanel={
              <TeamList
                locale={locale}
                myId={me.id}
                rows={groupsSnap.rows}
                loading={groupsSnap.loading}
                error={groupsSnap.error}
                onRetry={() => void groups?.load()}
                selectedId={groupId}
                onSelect={(id) => selectGroup(id)}
                onNew={() => navigate("/console?p=newteam")}
                siteName={(id) => (multiSite && id ? (siteNames.get(id) ?? "") : "")}
                now={now}
              />
            }
          />
        </aside>
        <main className={`${screenOpen ? "flex" : "hidden md:flex"} min-w-0 flex-1 flex-col`}>
          {newTeamOpen && groups ? (
            <div className="mx-auto flex min-h-0 w-full max-w-2xl flex-1 flex-col md:border-x md:border-slate-200">
            <NewGroupView
              locale={locale}
              title={t(locale, "console.newTeamGroup")}
              testId="console-new-team"
              people={colleaguesOf(site)}
              loading={colleagues === null && !colleaguesError}
              loadError={colleaguesError}
              onRetry={loadColleagues}
              pickLabel={t(locale, "console.colleagues")}
              emptyText={t(locale, "console.noColleagues")}
              extra={
                multiSite ? (
                  <label className="block px-5 pt-2 text-sm text-slate-700">
                    <span className="mb-1.5 block font-medium">{t(locale, "console.site")}</span>
                    <select
                      data-testid="console-new-team-site"
                      value={site ?? ""}
                      onChange={(e) => setNewSite(e.target.value)}
                      className="block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                    >
                      {me.sites.map((x) => (
                        <option key={x.siteId} value={x.siteId}>
                          {siteNames.get(x.siteId) ?? `#${x.siteId}`}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null
              }
              create={async (users, name) => (await groups.create({ users, name, siteId: site ?? undefined })).roomId}
              onBack={back}
              onCreated={(roomId) => window.history.replaceState(null, "", `/console?g=${encodeURIComponent(roomId)}`)}
            />
            </div>
          ) : groupId && groupStore && groups ? (
            <GroupChat
              locale={locale}
              myId={me.id}
              roomId={groupId}
              row={groupRow}
              ended={groupEnded}
              info={groupsSnap.info[groupId]}
              store={groupStore}
              infoOpen={groupInfoOpen}
              onBack={back}
              onInfo={() => (groupInfoOpen ? window.history.replaceState(null, "", `/console?g=${encodeURIComponent(groupId)}`) : selectGroup(groupId, "info"))}
              onError={showNotice}
              focusKey={groupFocus}
              now={now}
              serverNow={() => Date.now()}
            />
          ) : store ? (
            <ConversationView
              locale={locale}
              myId={me.id}
              store={store}
              summary={selectedSummary}
              visitorReadLogId={selectedId ? (visitorRead[selectedId] ?? null) : null}
              taking={taking}
              onTake={() => void take()}
              onBack={back}
              onError={showNotice}
              now={now}
            />
          ) : (
            <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center text-slate-500">
              <svg aria-hidden viewBox="0 0 24 24" className="h-10 w-10 text-slate-300" fill="none" stroke="currentColor" strokeWidth="1.5">
                <path d="M21 12c0 4.4-4 8-9 8-1.5 0-2.9-.3-4.2-.9L3 20l1.2-3.6C3.4 15.1 3 13.6 3 12c0-4.4 4-8 9-8s9 3.6 9 8z" />
              </svg>
              <p className="text-sm">{t(locale, "console.pick")}</p>
            </div>
          )}
        </main>
        {groupInfoOpen && groups && groupId && (
          <div className="absolute inset-0 z-30 flex flex-col md:left-auto md:w-80 md:shadow-xl lg:static lg:z-auto lg:shrink-0 lg:border-l lg:border-slate-200 lg:shadow-none">
            <GroupInfoPanel
              locale={locale}
              myId={me.id}
              roomId={groupId}
              row={groupRow}
              state={groupsSnap.info[groupId]}
              ended={groupEnded}
              groups={groups}
              candidates={colleaguesOf(groupSite)}
              inviteLabel={t(locale, "console.inviteColleagues")}
              inviteEmpty={colleaguesError ?? t(locale, "console.noColleagues")}
              candidatesLoading={colleagues === null && !colleaguesError}
              serverNow={() => Date.now()}
              onClose={() => window.history.replaceState(null, "", `/console?g=${encodeURIComponent(groupId)}`)}
              onGone={(text) => {
                showNotice(text);
                window.history.replaceState(null, "", "/console");
              }}
              now={now}
            />
          </div>
        )}
        {notice && (
          <div
            role="alert"
            data-testid="console-notice"
            className="absolute left-1/2 top-3 z-20 flex w-[min(92%,28rem)] -translate-x-1/2 items-start gap-3 rounded-xl bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
          >
            <span className="flex-1">{notice}</span>
            <button
              type="button"
              onClick={() => setNotice(null)}
              className="shrink-0 rounded font-medium text-slate-300 outline-none hover:text-white focus-visible:ring-2 focus-visible:ring-indigo-400"
            >
              {t(locale, "console.dismiss")}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
