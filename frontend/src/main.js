// Marsad dashboard: one small single-page app over the JSON API. Views: map (home), timeline,
// tension, search, quotes, incident, article reader. Filters are shared and live in the URL.
import "./style.css";
import { api, qs } from "./api.js";
import { TYPES } from "./colors.js";
import { getLang, initLang, modalityName, setLang, t, typeName } from "./i18n.js";
import { FILTER_KEYS, filters, go, href, params, update } from "./state.js";
import { clear, h } from "./util.js";
import "leaflet/dist/leaflet.css";
import "leaflet.markercluster/dist/MarkerCluster.css";

// views load on demand: the map does not wait for the chart library, nor the charts for Leaflet
const MapView = () => import("./views/map.js").then((m) => m.MapView);
const TimelineView = () => import("./views/timeline.js").then((m) => m.TimelineView);
const TensionView = () => import("./views/tension.js").then((m) => m.TensionView);
const IncidentView = () => import("./views/incident.js").then((m) => m.IncidentView);
const DocumentView = () => import("./views/document.js").then((m) => m.DocumentView);
const SearchView = () => import("./views/search.js").then((m) => m.SearchView);
const QuotesView = () => import("./views/quotes.js").then((m) => m.QuotesView);

const ROUTES = [
  [/^\/$/, "map", MapView],
  [/^\/timeline$/, "timeline", TimelineView],
  [/^\/tension$/, "tension", TensionView],
  [/^\/search$/, "search", SearchView],
  [/^\/quotes$/, "quotes", QuotesView],
  [/^\/incidents\/(\d+)$/, "incident", IncidentView],
  [/^\/documents\/([0-9A-Za-z_-]+)$/, "document", DocumentView],
];
const NAV = [["/", "nav.map", "map"], ["/timeline", "nav.timeline", "timeline"], ["/tension", "nav.tension", "tension"],
  ["/search", "nav.search", "search"], ["/quotes", "nav.quotes", "quotes"]];

const ctx = { meta: null };
let current = null; // { name, view, arg }
let shell = null;

function route() {
  for (const [re, name, View] of ROUTES) {
    const m = location.pathname.match(re);
    if (m) return { name, View, arg: m[1] };
  }
  return { name: "map", View: MapView, arg: undefined };
}

// -- the shell: header, filter bar, view ------------------------------------------

function buildShell() {
  const root = document.getElementById("app");
  clear(root);
  const nav = h("nav", { class: "nav", "aria-label": "main" },
    NAV.map(([path, key, name]) => h("a", { href: path, "data-nav": name }, t(key))));
  const langBtn = h("button", { type: "button", class: "lang", id: "lang-toggle", title: t("lang.switch_title"),
    onclick: () => {
      setLang(getLang() === "ar" ? "en" : "ar");
      if (params().lang) update({ lang: getLang() }, { replace: true });
      buildShell();
      render(true);
    } }, t("lang.switch"));
  const header = h("header", { class: "top" },
    h("a", { class: "brand", href: "/" }, h("span", { class: "brand-name" }, t("app.title")),
      h("span", { class: "tagline" }, t("app.tagline"))),
    nav,
    h("div", { class: "top-actions" }, h("a", { href: "/docs", class: "api-link", "data-external": "1" }, t("nav.api")), langBtn));
  const filterBar = buildFilters();
  const main = h("main", { id: "view", class: "view" });
  root.append(header, filterBar, main);
  shell = { nav, filterBar, main };
}

function opt(value, label, selected) {
  return h("option", { value, selected: selected || undefined }, label);
}

function buildFilters() {
  const meta = ctx.meta || { types: [], modes: [], countries: [], modalities: [], modality_classes: [] };
  const counts = Object.fromEntries(meta.types.map((x) => [x.type, x.count]));
  const field = (name, label, control) => h("label", { class: `field f-${name}` }, h("span", null, label), control);
  const typeSel = h("select", { name: "type", id: "f-type" }, opt("", t("filters.any")),
    TYPES.map((ty) => opt(ty, `${typeName(ty)}${counts[ty] ? ` (${counts[ty]})` : ""}`)));
  const modalitySel = h("select", { name: "modality", id: "f-modality" }, opt("", t("filters.any")),
    h("optgroup", { label: t("filters.classes") }, (meta.modality_classes || []).map((c) => opt(c, t(`class.${c}`)))),
    h("optgroup", { label: t("filters.modalities") }, (meta.modalities || []).map((m) => opt(m.modality, modalityName(m.modality)))));
  const modeSel = h("select", { name: "mode", id: "f-mode" }, opt("", t("filters.any")),
    (meta.modes || []).map((m) => opt(m.mode, `${m.mode} (${m.count})`)));
  const countrySel = h("select", { name: "country", id: "f-country" }, opt("", t("filters.any")),
    (meta.countries || []).map((c) => opt(c.country, `${c.country} (${c.count})`)));
  const text = (name, ph, extra = {}) => h("input", { type: "text", name, id: `f-${name}`, placeholder: ph, autocomplete: "off", ...extra });
  const form = h("form", { class: "filters", id: "filters", role: "search",
    onsubmit: (e) => { e.preventDefault(); applyFilters(); } },
    field("type", t("filters.type"), typeSel),
    field("modality", t("filters.modality"), modalitySel),
    field("mode", t("filters.mode"), modeSel),
    field("country", t("filters.country"), countrySel),
    field("actor", t("filters.actor"), text("actor", t("filters.actor_ph"), { list: "actor-list" })),
    field("recipient", t("filters.recipient"), text("recipient", t("filters.actor_ph"), { list: "actor-list" })),
    field("place", t("filters.place"), text("place", "")),
    field("since", t("filters.since"), text("since", t("filters.date_ph"), { inputmode: "numeric", size: 10, dir: "ltr" })),
    field("until", t("filters.until"), text("until", t("filters.date_ph"), { inputmode: "numeric", size: 10, dir: "ltr" })),
    field("q", t("filters.q"), h("input", { type: "search", name: "q", id: "f-q", autocomplete: "off" })),
    h("div", { class: "filter-actions" },
      h("span", { class: "area-chip", id: "area-chip", hidden: true }, t("filters.area"), " ",
        h("button", { type: "button", class: "chip-x", title: t("filters.area_clear"), onclick: () => update({ bbox: null, page: null }) }, "×")),
      h("button", { type: "submit", class: "primary" }, t("filters.apply")),
      h("button", { type: "button", id: "f-reset", onclick: () => {
        const clearAll = Object.fromEntries(FILTER_KEYS.map((k) => [k, null]));
        update({ ...clearAll, page: null });
      } }, t("filters.reset")),
      h("span", { class: "export" }, t("filters.export"), " ",
        h("a", { id: "export-csv", href: "#", download: true, "data-external": "1" }, t("filters.export_csv")), " · ",
        h("a", { id: "export-parquet", href: "#", download: true, "data-external": "1" }, t("filters.export_parquet")))),
    h("datalist", { id: "actor-list" }));
  for (const sel of [typeSel, modalitySel, modeSel, countrySel]) sel.addEventListener("change", applyFilters);
  return form;
}

function applyFilters() {
  const form = shell.filterBar;
  const changes = { page: null };
  for (const k of FILTER_KEYS) {
    if (k === "bbox") continue;
    const el = form.elements[k];
    if (el) changes[k] = el.value.trim() || null;
  }
  update(changes);
}

function syncFilters() {
  const f = filters();
  const form = shell.filterBar;
  for (const k of FILTER_KEYS) {
    const el = form.elements[k];
    if (!el) continue;
    const v = f[k] || "";
    if (el.tagName === "SELECT" && v && ![...el.options].some((o) => o.value === v)) el.append(opt(v, v));
    el.value = v;
  }
  document.getElementById("area-chip").hidden = !f.bbox;
  document.getElementById("export-csv").href = `/api/export${qs({ ...f, format: "csv" })}`;
  document.getElementById("export-parquet").href = `/api/export${qs({ ...f, format: "parquet" })}`;
  for (const a of shell.nav.querySelectorAll("a")) {
    a.href = href(a.getAttribute("href").split("?")[0]);
    a.classList.toggle("active", a.dataset.nav === (current && current.name));
  }
}

async function loadActors() {
  try {
    const res = await api("actors", { limit: 200 });
    const dl = document.getElementById("actor-list");
    if (!dl) return;
    clear(dl);
    for (const a of res.items) dl.append(h("option", { value: a.id || a.label }, `${a.label}${a.text ? ` — ${a.text}` : ""}`));
  } catch (e) { /* suggestions are optional */ }
}

// -- rendering -----------------------------------------------------------------------

async function render(force = false) {
  const r = route();
  const same = current && current.name === r.name && current.arg === r.arg && !force;
  if (same) {
    syncFilters();
    await current.view.update(ctx);
    return;
  }
  if (current && current.view.unmount) current.view.unmount();
  clear(shell.main);
  const mine = (current = { name: r.name, arg: r.arg, view: { mount() {}, update() {} } });
  syncFilters();
  shell.main.dataset.view = r.name;
  let View;
  try {
    View = await r.View();
  } catch (e) {
    shell.main.append(h("div", { class: "error" }, t("common.error", { msg: e.message })));
    return;
  }
  if (current !== mine) return; // navigated elsewhere meanwhile
  mine.view = new View(r.arg);
  await mine.view.mount(shell.main, ctx);
}

function interceptLinks(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest("a");
  if (!a || a.target || a.hasAttribute("download") || a.dataset.external) return;
  const url = a.getAttribute("href");
  if (!url || !url.startsWith("/") || url.startsWith("//") || /^\/(api|static|docs)\b/.test(url)) return;
  e.preventDefault();
  if (url !== location.pathname + location.search) go(url);
  else if (url.includes("#")) location.hash = url.split("#")[1];
}

async function start() {
  initLang(params().lang);
  route().View().catch(() => {}); // start loading the view's code while the metadata comes
  try {
    ctx.meta = await api("meta");
  } catch (e) {
    ctx.meta = null;
  }
  buildShell();
  document.addEventListener("click", interceptLinks);
  window.addEventListener("popstate", () => render());
  window.addEventListener("marsad:navigate", () => render());
  await render();
  loadActors();
}

start();
