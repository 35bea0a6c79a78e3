// main.js - the app: finds out whether a session is open (GET /session), then shows the screen of
// the address inside the layout (header with the menu, the language switch and the user, the
// main content, the status region for announcements). A session that ends sends the user to
// the login with the address to come back to; what they typed stays in its draft (drafts.js).
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, setCsrf, onSessionEnd } from "./api.js";
import { t, lang, setLang } from "./i18n.js";
import { currentPath, currentQuery, navigate, onNavigate } from "./router.js";
import { html, Link } from "./ui.js";
import { Login } from "./pages/login.js";
import { Account } from "./pages/account.js";
import { Dashboard } from "./pages/dashboard.js";
import { Accessibility, NotFound } from "./pages/static.js";
import { RecordList, RecordForm } from "./pages/register.js";
import { Import } from "./pages/transfer.js";
import { RegisterIndex } from "./pages/static.js";
import { Surge } from "./pages/surge.js";
import { Workforce } from "./pages/workforce.js";
import { Users, Audit } from "./pages/admin.js";
import { ExercisePlan } from "./pages/exercises.js";
import { Situation } from "./pages/situation.js";
import { Kept } from "./pages/kept.js";
import { roleReaches } from "./kinds.js";
import { kindBySlug } from "./kinds.js";

/* The screens by address: whether they need a session, and what they show. */
const screens = {
  "/": { title: "nav.dashboard", needsLogin: true, view: (p) => html`<${Dashboard} ...${p} />` },
  "/konto": { title: "nav.account", needsLogin: true, view: (p) => html`<${Account} ...${p} />` },
  "/tilgjengelighet": { title: "nav.accessibility", needsLogin: false,
                        view: () => html`<${Accessibility} />` },
  "/register": { title: "nav.register", needsLogin: true, view: () => html`<${RegisterIndex} />` },
  "/simulering": { title: "nav.surge", needsLogin: true, view: (p) => html`<${Surge} ...${p} />` },
  "/personell": { title: "nav.workforce", needsLogin: true, view: () => html`<${Workforce} />` },
  "/kjoringer": { title: "nav.kept", needsLogin: true, view: (p) => html`<${Kept} ...${p} />` },
  "/brukere": { title: "nav.users", needsLogin: true, view: (p) => html`<${Users} ...${p} />` },
  "/logg": { title: "nav.audit", needsLogin: true, view: (p) => html`<${Audit} ...${p} />` },
  "/ovelsesplan": { title: "nav.plan", needsLogin: true, view: (p) => html`<${ExercisePlan} ...${p} />` },
  "/situasjon": { title: "nav.situation", needsLogin: true, view: (p) => html`<${Situation} ...${p} />` },
};

/* The screen of path: a fixed one, or a record kind's list (/ros) or record (/ros/12, /ros/ny). */
function screenOf(path) {
  if (screens[path])
    return screens[path];
  const m = /^\/([a-z]+)(?:\/(ny|import|\d+))?$/.exec(path);
  const kind = m && kindBySlug(m[1]);
  if (!kind)
    return null;
  if (m[2] === "import")
    return { title: `kind.${kind.api}`, needsLogin: true,
             view: (p) => html`<${Import} key=${path} ...${p} slug=${kind.slug} />` };
  return m[2]
    ? { title: `kind.${kind.api}`, needsLogin: true,
        view: (p) => html`<${RecordForm} key=${path} ...${p} slug=${kind.slug} id=${m[2]} />` }
    : { title: `kind.${kind.api}`, needsLogin: true,
        view: (p) => html`<${RecordList} key=${path} ...${p} slug=${kind.slug} />` };
}

const menu = [
  { href: "/", key: "nav.dashboard" },
  { href: "/ros", key: "nav.ros" },
  { href: "/laeringspunkter", key: "nav.learning" },
  { href: "/ovelsesplan", key: "nav.plan" },
  { href: "/situasjon", key: "nav.situation" },
  { href: "/register", key: "nav.register" },
  { href: "/simulering", key: "nav.surge" },
  { href: "/personell", key: "nav.workforce" },
  { href: "/kjoringer", key: "nav.kept" },
  { href: "/logg", key: "nav.audit", op: "GET /api/v1/audit" },     /* offered by /me's least_roles */
  { href: "/brukere", key: "nav.users", op: "GET /api/v1/users" },
  { href: "/konto", key: "nav.account" },
];

/* 1 if the user's role may use the operation of menu entry m: /me lists the least role of
 * every operation a viewer may not use; one it does not list, a viewer may. */
function offered(me, m) {
  const least = m.op && me.least_roles ? me.least_roles[m.op] : undefined;
  return !least || roleReaches(me.role, least);
}

/* The address to go on to after the login: ?neste= if it is an address of this app, else /. */
function safeNext(next) {
  if (!next)
    return "/";
  try {
    const u = new URL(next, window.location.origin);
    return u.origin === window.location.origin ? u.pathname + u.search + u.hash : "/";
  } catch {
    return "/";
  }
}

function Header({ me, path, onLogout, onLang }) {
  return html`
    <header class="site-header">
      <a class="skip" href="#main">${t("app.skip")}</a>
      <div class="brand">
        <${Link} href="/" class="brand-name">${t("app.name")}<//>
        <span class="brand-tagline">${t("app.tagline")}</span>
      </div>
      ${me && html`
        <nav aria-label=${t("nav.label")}>
          <ul>
            ${menu.filter((m) => offered(me, m)).map((m) => html`
              <li><${Link} href=${m.href} aria-current=${path === m.href || (m.href !== "/" && path.startsWith(`${m.href}/`)) ? "page" : undefined}>
                ${t(m.key)}<//></li>`)}
          </ul>
        </nav>`}
      <div class="header-tools">
        <button type="button" class="button small" lang=${lang() === "nb" ? "en" : "nb"}
                aria-label=${t("app.language.switch.label")} onClick=${onLang}>
          ${t("app.language.switch")}
        </button>
        ${me && html`
          <span class="who">${t("nav.signed_in_as", { name: me.user.name,
            role: t(`role.${me.role}`), org: me.organisation.name || me.organisation.id })}</span>
          <button type="button" class="button small" onClick=${onLogout}>${t("nav.logout")}</button>`}
      </div>
    </header>`;
}

function Footer() {
  return html`
    <footer class="site-footer">
      <${Link} href="/tilgjengelighet">${t("a11y.title")}<//>
    </footer>`;
}

function App() {
  /* the address, query included: a new ?within= or filter renders the screen anew */
  const [path, setPath] = useState(currentPath());
  const [, setSearch] = useState(window.location.search);
  const [me, setMe] = useState(undefined);          /* undefined: not known yet; null: none */
  const [notice, setNotice] = useState(null);
  const [, setLangTick] = useState(0);

  /* GET /session, not /me: without a login it answers {"active": false}, not a 401 */
  async function loadMe() {
    try {
      const answer = await api("GET", "/session");
      setCsrf(answer.active ? answer.csrf_token : null);
      setMe(answer.active ? answer : null);
      return answer;
    } catch {
      setMe(null);
      return null;
    }
  }

  useEffect(() => {
    loadMe();
    const off = onNavigate((p) => {
      setPath(p);
      setSearch(window.location.search);
    });
    onSessionEnd(() => {
      setMe(null);
      setNotice(t("login.expired"));
      const back = window.location.pathname + window.location.search;
      navigate(`/logg-inn?neste=${encodeURIComponent(back)}`, { replace: true });
    });
    return off;
  }, []);

  const screen = screenOf(path);
  useEffect(() => {
    const title = screen ? t(screen.title) : path === "/logg-inn" ? t("login.title")
                                                                   : t("notfound.title");
    document.title = `${title} – ${t("app.name")}`;
  }, [path, me, lang()]);

  /* a new screen takes the focus to its heading (or, while it loads, the main region), so
   * that a screen reader starts there; not on the first load, nor on a language switch */
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const target = document.querySelector("main h1") || document.getElementById("main");
    if (target)
      target.focus();
  }, [path, me === null || me === undefined]);

  async function loggedIn(csrf) {
    setCsrf(csrf);
    setNotice(null);
    await loadMe();          /* then the effect below goes on to the page asked for */
  }

  async function logout() {
    try {
      await api("POST", "/logout");
    } catch {
      /* the session is gone either way */
    }
    loggedOut();
  }

  function loggedOut() {
    setCsrf(null);
    setMe(null);
    setNotice(t("login.logged_out"));
    navigate("/logg-inn", { replace: true });
  }

  function switchLang() {
    setLang(lang() === "nb" ? "en" : "nb");
    setLangTick((n) => n + 1);
  }

  const next = safeNext(currentQuery().get("neste"));
  const mustLogIn = me === null && screen && screen.needsLogin;
  const doneLogIn = me && path === "/logg-inn";
  useEffect(() => {
    if (mustLogIn)
      navigate(`/logg-inn?neste=${encodeURIComponent(path + window.location.search)}`,
               { replace: true });
    else if (doneLogIn)
      navigate(next, { replace: true });
  }, [mustLogIn, doneLogIn, path]);

  let content;
  if (me === undefined || doneLogIn)
    content = html`<p class="loading">${t("app.loading")}</p>`;
  else if (mustLogIn || (path === "/logg-inn" && !me))
    content = html`<${Login} onLoggedIn=${loggedIn} notice=${notice} />`;
  else if (screen)
    content = screen.view({ me, onLoggedOut: loggedOut });
  else
    content = html`<${NotFound} path=${path} />`;

  return html`
    <${Header} me=${me} path=${path} onLogout=${logout} onLang=${switchLang} />
    <main id="main" tabindex="-1">${content}</main>
    <${Footer} />
    <div id="status" class="visually-hidden" role="status" aria-live="polite"></div>`;
}

render(html`<${App} />`, document.getElementById("app"));
