// Pieces shared by the views: type badges, incident rows, pagination, loading and error states.
import { TYPE_COLOR } from "../colors.js";
import { isRtl, modalityName, t, typeName } from "../i18n.js";
import { href } from "../state.js";
import { clear, h, num } from "../util.js";

export const PAGE = 50;

export function badge(type) {
  return h("span", { class: `badge t-${type}`, style: { background: TYPE_COLOR[type] || "#777" } }, typeName(type));
}

export const arrow = () => (isRtl() ? " ← " : " → ");

export function who(actor, recipient) {
  if (!actor && !recipient) return null;
  return h("span", { class: "who" }, h("bdi", null, actor || "?"), isRtl() ? " ← " : " → ",
    h("bdi", null, recipient || "?"));
}

export function incidentItem(inc) {
  const size = [];
  if (inc.dead) size.push(t("common.dead", { n: inc.dead }));
  if (inc.injured) size.push(t("common.injured", { n: inc.injured }));
  if (inc.arrested) size.push(t("common.arrested", { n: inc.arrested }));
  return h("li", { class: "inc", "data-id": inc.id },
    h("a", { href: href(`/incidents/${inc.id}`) },
      h("div", { class: "inc-head" }, badge(inc.type),
        inc.mode ? h("span", { class: "mode" }, inc.mode) : null,
        h("bdi", { class: "date", dir: "ltr" }, inc.date || "????-??-??"),
        h("span", { class: "place" }, inc.place || inc.country || t("common.unknown"))),
      who(inc.actor, inc.recipient),
      inc.headline && inc.headline.title ? h("div", { class: "headline" }, inc.headline.title) : null,
      h("div", { class: "inc-meta" },
        h("span", { class: `modality m-${inc.modality}` }, modalityName(inc.modality)),
        h("span", null, t("common.mentions", { n: inc.n_mentions })),
        h("span", null, t("common.sources", { n: inc.n_sources })),
        size.length ? h("span", { class: "size" }, size.join("، ")) : null)));
}

export function pager(total, offset, limit, onPage) {
  const from = total ? offset + 1 : 0;
  const to = Math.min(offset + limit, total);
  return h("div", { class: "pager" },
    h("button", { type: "button", class: "prev", disabled: offset <= 0 || undefined, onclick: () => onPage(Math.max(0, offset - limit)) }, t("list.prev")),
    h("span", { class: "range" }, t("list.showing", { from: num(from), to: num(to), total: num(total) })),
    h("button", { type: "button", class: "next", disabled: to >= total || undefined, onclick: () => onPage(offset + limit) }, t("list.next")));
}

export function loading(el) {
  clear(el);
  el.append(h("div", { class: "loading" }, t("common.loading")));
}

export function showError(el, err) {
  clear(el);
  el.append(h("div", { class: "error", role: "alert" }, t("common.error", { msg: err.message || String(err) })));
}

export function pageOffset(p) {
  const n = parseInt(p.page || "1", 10);
  return Number.isFinite(n) && n > 1 ? (n - 1) * PAGE : 0;
}

export function kv(rows) {
  return h("dl", { class: "kv" }, rows.filter((r) => r && r[1] !== null && r[1] !== undefined && r[1] !== "")
    .map(([k, v]) => [h("dt", null, k), h("dd", null, v)]));
}
