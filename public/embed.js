/*! Parley chat widget loader. Plain ES2017, no dependencies.
 *
 * Site owners paste:
 *   <script>window.$parley = window.$parley || [];</script>
 *   <script async src="https://PARLEY_HOST/embed.js" data-site-key="KEY"></script>
 *
 * SESSION PERSISTENCE (decision): the visitor token is kept FIRST-PARTY, in the host page's
 * localStorage under `parley:<siteKey>:session` as JSON {visitorToken, visitorId, conversationId},
 * the way Chatwoot keeps its session on the host page. The chat iframe runs on Parley's origin,
 * and browsers partition an iframe's storage per top-level site and block third-party cookies,
 * so storage inside the iframe is not a reliable place to remember the shopper. The loader
 * hands the session to the iframe in `init` and saves whatever the iframe sends back in
 * `session`, so the same shopper keeps the same conversation across reloads and days.
 * The shopper's unsent messages live beside it, under `parley:<siteKey>:outbox` as JSON
 * {<conversationId>: [{msgId, msgType, msg, datetime}]} (at most 50, of the session's
 * conversation only), so a reload sends them once more with their msgId, not never.
 * identify(null), or identify with another customer, ends a customer's stored session: it is
 * marked `ended` (the widget revokes it) and its unsent messages are forgotten here and now,
 * so the next person at a shared browser never gets the previous customer's chat.
 *
 * postMessage protocol, every message is {parley: 1, type, ...}. We always post with an
 * explicit targetOrigin (Parley's origin) and accept only messages whose origin is Parley's
 * origin AND whose source is our iframe's window.
 *   iframe -> host: ready | session {visitorToken, visitorId, conversationId, customerId} | unread {count}
 *                   | message {message} | close | outbox {conversationId, put?, drop?} | forget
 *   host -> iframe: init {siteKey, session, outbox, identity, locale} | open | close
 *                   | identify {identity} | setLocale {locale}
 * Host -> iframe messages wait until the iframe said `ready`.
 *
 * Host page API (window.$parley, a command queue like window.$crisp):
 *   $parley.push(['open'|'close'|'toggle']), ['identify', {customerId, name, timestamp, signature}],
 *   ['identify', null] (signed out),
 *   ['setLocale', 'en'|'zh-CN'|'ja'], ['on'|'off', 'ready'|'open'|'close'|'unread'|'message', fn]
 *   and the same as methods: $parley.open(), .close(), .toggle(), .identify(o), .setLocale(l), .on(), .off().
 */
(function () {
  "use strict";
  var w = window;
  var d = document;
  if (w.$parley && w.$parley.__parley) return; // loaded twice

  var script = d.currentScript;
  if (!script || !/\/embed\.js(\?|#|$)/.test(script.src || "")) {
    var all = d.getElementsByTagName("script");
    for (var i = all.length - 1; i >= 0; i--) {
      if (/\/embed\.js(\?|#|$)/.test(all[i].src || "")) {
        script = all[i];
        break;
      }
    }
  }
  if (!script) return console.warn("Parley: could not find the embed.js <script> tag.");
  var ORIGIN = new URL(script.src, location.href).origin;
  var KEY = script.getAttribute("data-site-key") || "";
  if (!KEY) return console.warn('Parley: add data-site-key="…" to the embed.js <script> tag.');
  var STORE = "parley:" + KEY + ":session";
  var OUTBOX = "parley:" + KEY + ":outbox";
  var OUTBOX_MAX = 50; // unsent messages kept per conversation (host-bridge.ts OUTBOX_MAX)
  var OUTBOX_CHARS = 400000; // and at most this much JSON: localStorage holds ~5 M characters per origin
  var Z = "2147483000";

  var queued = Array.isArray(w.$parley) ? w.$parley : [];
  var handlers = {};
  var isOpen = false;
  var unread = 0;
  var ready = false; // the iframe said `ready`
  var identity = null;
  var locale = null;
  var root, launcher, badge, frame, mq;

  function emit(ev, arg) {
    (handlers[ev] || []).slice().forEach(function (fn) {
      try {
        fn(arg);
      } catch (e) {
        console.error(e);
      }
    });
  }

  function post(msg) {
    if (!ready || !frame || !frame.contentWindow) return; // the state goes out with `init`
    msg.parley = 1;
    frame.contentWindow.postMessage(msg, ORIGIN);
  }

  function read(k) {
    try {
      var v = JSON.parse(localStorage.getItem(k) || "null");
      return v && typeof v === "object" ? v : null;
    } catch (e) {
      return null;
    }
  }

  function write(k, v) {
    try {
      if (v) localStorage.setItem(k, typeof v === "string" ? v : JSON.stringify(v));
      else localStorage.removeItem(k);
    } catch (e) {
      /* storage full or blocked: it lives for this page only */
    }
  }

  function loadSession() {
    var s = read(STORE);
    return s && typeof s.visitorToken === "string" ? s : null;
  }

  function saveSession(m) {
    write(STORE, {
      visitorToken: m.visitorToken,
      visitorId: m.visitorId,
      conversationId: m.conversationId,
      customerId: m.customerId || null,
    });
    // unsent messages of another conversation belong to a session that is gone
    var o = read(OUTBOX) || {};
    var keep = {};
    if (Array.isArray(o[m.conversationId])) keep[m.conversationId] = o[m.conversationId];
    write(OUTBOX, o[m.conversationId] ? keep : null);
  }

  function saveOutbox(m) {
    var o = read(OUTBOX) || {};
    var id = m.put ? m.put.msgId : m.drop;
    var list = (Array.isArray(o[m.conversationId]) ? o[m.conversationId] : []).filter(function (e) {
      return e && e.msgId !== id;
    });
    if (m.put && list.length < OUTBOX_MAX) list.push(m.put);
    if (list.length) o[m.conversationId] = list;
    else delete o[m.conversationId];
    var json = JSON.stringify(o);
    if (m.put && json.length > OUTBOX_CHARS) return; // full: this one is kept by the open page only
    write(OUTBOX, json === "{}" ? null : json);
  }

  var L = {
    en: ["Open chat", "Close chat", " unread"],
    zh: ["打开在线客服", "关闭聊天", " 条未读"],
    ja: ["チャットを開く", "チャットを閉じる", " 件の未読"],
  };
  function words() {
    var l = String(locale || navigator.language || "en").toLowerCase().slice(0, 2);
    return L[l] || L.en;
  }

  function css(el, s) {
    for (var k in s) el.style[k] = s[k];
    return el;
  }

  var ICON_CHAT =
    '<svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z"/></svg>';
  var ICON_X =
    '<svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18"/></svg>';

  function textOn(hex) {
    var m = /^#?([0-9a-f]{6})$/i.exec(hex || "");
    if (!m) return "#fff";
    var n = parseInt(m[1], 16);
    var y = ((n >> 16) * 299 + ((n >> 8) & 255) * 587 + (n & 255) * 114) / 1000;
    return y > 160 ? "#111827" : "#fff";
  }

  function build(config) {
    var color = /^#[0-9a-f]{3,8}$/i.test(config.color || "") ? config.color : "#4f46e5";
    root = css(d.createElement("div"), { position: "fixed", zIndex: Z, right: "0", bottom: "0", width: "0", height: "0" });
    root.id = "parley-widget";

    frame = d.createElement("iframe");
    frame.id = "parley-frame";
    frame.title = config.name || "Chat";
    frame.src = ORIGIN + "/widget/" + encodeURIComponent(KEY) + "?origin=" + encodeURIComponent(location.origin);
    frame.setAttribute("allow", "clipboard-write");
    css(frame, {
      position: "fixed",
      border: "0",
      background: "#fff",
      colorScheme: "light",
      zIndex: Z,
      transition: "opacity .18s ease, transform .18s ease, visibility 0s linear .18s",
    });

    launcher = d.createElement("button");
    launcher.id = "parley-launcher";
    launcher.type = "button";
    css(launcher, {
      position: "fixed",
      right: "20px",
      bottom: "20px",
      width: "60px",
      height: "60px",
      margin: "0",
      padding: "0",
      border: "0",
      borderRadius: "50%",
      background: color,
      color: textOn(color),
      cursor: "pointer",
      display: "flex",
      alignItems: "center",
      justifyContent: "center",
      boxShadow: "0 6px 20px rgba(15,23,42,.28)",
      zIndex: Z,
      transition: "transform .15s ease",
    });
    launcher.onmouseenter = function () {
      launcher.style.transform = "scale(1.06)";
    };
    launcher.onmouseleave = function () {
      launcher.style.transform = "";
    };
    launcher.onclick = toggle;

    badge = d.createElement("span");
    badge.id = "parley-badge";
    badge.setAttribute("aria-hidden", "true");
    css(badge, {
      position: "absolute",
      top: "-4px",
      right: "-4px",
      minWidth: "22px",
      height: "22px",
      padding: "0 6px",
      boxSizing: "border-box",
      borderRadius: "11px",
      background: "#dc2626",
      color: "#fff",
      font: "700 12px/22px system-ui,-apple-system,'Segoe UI',Roboto,sans-serif",
      textAlign: "center",
      boxShadow: "0 0 0 2px #fff",
      display: "none",
    });

    root.appendChild(frame);
    root.appendChild(launcher);
    (d.body || d.documentElement).appendChild(root);
    mq = w.matchMedia("(max-width: 479px)");
    if (mq.addEventListener) mq.addEventListener("change", render);
    else if (mq.addListener) mq.addListener(render);
    render();
  }

  function render() {
    if (!root) return;
    var phone = mq.matches;
    var ww = words();
    launcher.innerHTML = isOpen ? ICON_X : ICON_CHAT;
    launcher.appendChild(badge);
    launcher.setAttribute("aria-label", (isOpen ? ww[1] : ww[0]) + (unread ? " (" + unread + ww[2] + ")" : ""));
    launcher.setAttribute("aria-expanded", String(isOpen));
    launcher.style.display = phone && isOpen ? "none" : "flex";
    badge.textContent = unread > 99 ? "99+" : String(unread);
    badge.style.display = unread > 0 ? "block" : "none";
    css(
      frame,
      phone
        ? { top: "0", left: "0", right: "0", bottom: "0", width: "100%", height: "100%", borderRadius: "0", boxShadow: "none" }
        : {
            top: "auto",
            left: "auto",
            right: "20px",
            bottom: "92px",
            width: "380px",
            height: "min(600px, calc(100% - 112px))",
            borderRadius: "16px",
            boxShadow: "0 12px 48px rgba(15,23,42,.25)",
          },
    );
    css(
      frame,
      isOpen
        ? { visibility: "visible", opacity: "1", transform: "none", transitionDelay: "0s" }
        : { visibility: "hidden", opacity: "0", transform: "translateY(12px)", transitionDelay: "0s,0s,.18s" },
    );
  }

  // Move focus into the chat only once the widget has loaded (it said "ready"). Focusing the
  // cross-origin frame while it is still loading could leave Chromium routing keystrokes to this
  // page while the frame believed it had focus: typed text vanished, clicks did not help (about
  // 1 open in 100 under load). The widget puts the cursor in its own box once it is ready.
  function focusFrame() {
    if (!frame || !ready || !isOpen || (mq && mq.matches)) return;
    try {
      frame.focus();
    } catch (e) {}
  }

  function setOpen(v) {
    v = !!v;
    if (v === isOpen) return;
    isOpen = v;
    render();
    post({ type: v ? "open" : "close" });
    if (v) focusFrame();
    if (!v && d.activeElement === frame && launcher.style.display !== "none") launcher.focus();
    emit(v ? "open" : "close");
  }
  function open() {
    setOpen(true);
  }
  function close() {
    setOpen(false);
  }
  function toggle() {
    setOpen(!isOpen);
  }

  function identify(o) {
    identity = o && typeof o === "object" ? o : null;
    // signed out, or someone else signed in: the stored customer's session ends now, even if
    // this page goes away before the iframe could do it
    var s = loadSession();
    if (s && s.customerId && (!identity || identity.customerId !== s.customerId)) {
      s.ended = true;
      write(STORE, s);
      write(OUTBOX, null);
    }
    post({ type: "identify", identity: identity });
  }
  function setLocale(l) {
    locale = typeof l === "string" ? l : null;
    render();
    post({ type: "setLocale", locale: locale });
  }
  function on(ev, fn) {
    if (typeof fn !== "function") return;
    (handlers[ev] = handlers[ev] || []).push(fn);
    if (ev === "ready" && ready) fn();
  }
  function off(ev, fn) {
    handlers[ev] = (handlers[ev] || []).filter(function (f) {
      return f !== fn;
    });
  }

  var commands = { open: open, close: close, toggle: toggle, identify: identify, setLocale: setLocale, on: on, off: off };
  function run(cmd) {
    if (!Array.isArray(cmd) || !commands[cmd[0]]) return console.warn("Parley: unknown command", cmd);
    commands[cmd[0]].apply(null, cmd.slice(1));
  }

  w.addEventListener("message", function (e) {
    if (e.origin !== ORIGIN || !frame || e.source !== frame.contentWindow) return;
    var m = e.data;
    if (!m || m.parley !== 1 || typeof m.type !== "string") return;
    if (m.type === "ready") {
      var first = !ready;
      ready = true;
      post({ type: "init", siteKey: KEY, session: loadSession(), outbox: read(OUTBOX), identity: identity, locale: locale });
      if (isOpen) {
        post({ type: "open" });
        focusFrame();
      }
      if (first) emit("ready");
    } else if (m.type === "session" && typeof m.visitorToken === "string") {
      saveSession(m);
    } else if (m.type === "outbox" && typeof m.conversationId === "string") {
      saveOutbox(m);
    } else if (m.type === "forget") {
      write(STORE, null);
      write(OUTBOX, null);
    } else if (m.type === "unread") {
      var n = Math.max(0, m.count | 0);
      if (n !== unread) {
        unread = n;
        render();
        emit("unread", n);
      }
    } else if (m.type === "message") {
      emit("message", m.message);
    } else if (m.type === "close") {
      close();
      if (launcher.style.display !== "none") launcher.focus();
    }
  });

  var api = {
    __parley: true,
    push: run,
    open: open,
    close: close,
    toggle: toggle,
    identify: identify,
    setLocale: setLocale,
    on: on,
    off: off,
  };
  w.$parley = api;
  queued.forEach(run);

  fetch(ORIGIN + "/api/embed/config?siteKey=" + encodeURIComponent(KEY), { credentials: "omit" })
    .then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body && body.message ? body.message : "HTTP " + r.status);
        return body;
      });
    })
    .then(function (config) {
      if (d.body) build(config);
      else d.addEventListener("DOMContentLoaded", function () {
        build(config);
      });
    })
    .catch(function (err) {
      console.warn(
        "Parley: the chat widget is not shown. " +
          ORIGIN +
          ' did not give this page the configuration of site "' +
          KEY +
          '" (' +
          (err && err.message ? err.message : err) +
          "). Check the site key, and that " +
          location.origin +
          " is in the site's allowed origins.",
      );
    });
})();
