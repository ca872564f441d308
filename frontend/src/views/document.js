// The article reader: the cleaned text with entities, event triggers, dates and quotes highlighted
// from their character offsets; clicking a highlight shows the record it produced.
import { api } from "../api.js";
import { modalityName, t } from "../i18n.js";
import { href, params } from "../state.js";
import { clear, h } from "../util.js";
import { badge, kv, loading, showError } from "./common.js";

const KINDS = ["entity", "event", "date", "quote"];
const KIND_LABEL = { entity: "reader.entities", event: "reader.events", date: "reader.dates", quote: "reader.quotes" };
const PRIORITY = { event: 0, entity: 1, date: 2 };

// spans of one field → DOM nodes. Quotes are the outer layer; entities, triggers and dates are
// marks inside, kept when they do not overlap a stronger mark nor cross a quote's edge.
export function renderField(text, spans, onPick) {
  const quotes = [];
  for (const s of spans.filter((x) => x.kind === "quote").sort((a, b) => a.start - b.start)) {
    if (!quotes.length || s.start >= quotes[quotes.length - 1].end) quotes.push(s);
  }
  const inner = [];
  const cands = spans.filter((x) => x.kind !== "quote")
    .sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  for (const s of cands) {
    if (inner.some((o) => s.start < o.end && o.start < s.end)) continue;
    if (quotes.some((q) => (s.start < q.start && s.end > q.start) || (s.start < q.end && s.end > q.end))) continue;
    inner.push(s);
  }
  inner.sort((a, b) => a.start - b.start);
  const mark = (s) => {
    const el = h(s.kind === "quote" ? "span" : "mark", {
      class: `hl hl-${s.kind}${s.sub ? ` hl-${s.kind}-${s.sub}` : ""}`, tabindex: "0", role: "button",
      "data-kind": s.kind, "data-key": s.key, "data-start": s.start, "data-end": s.end, title: s.title || "",
    });
    el.addEventListener("click", (e) => { e.stopPropagation(); onPick(s); });
    el.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onPick(s); } });
    return el;
  };
  const fill = (parent, from, to) => { // plain text and inner marks between from and to
    let pos = from;
    for (const s of inner) {
      if (s.start < from || s.end > to) continue;
      if (s.start > pos) parent.append(text.slice(pos, s.start));
      const el = mark(s);
      el.append(text.slice(s.start, s.end));
      parent.append(el);
      pos = s.end;
    }
    if (pos < to) parent.append(text.slice(pos, to));
  };
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const q of quotes) {
    fill(frag, pos, q.start);
    const el = mark(q);
    fill(el, q.start, q.end);
    frag.append(el);
    pos = q.end;
  }
  fill(frag, pos, text.length);
  return frag;
}

function spansOf(doc) {
  const spans = [];
  const ok = (s, e, len) => Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e > s && e <= len;
  const lenOf = (field) => (field === "text" || !field ? doc.text.length
    : (doc.captions[Number((field.match(/^captions\[(\d+)\]$/) || [])[1])] || "").length);
  doc.entities.forEach((e, i) => {
    if (ok(e.start, e.end, lenOf(e.field))) spans.push({ kind: "entity", key: `entity:${e.idx ?? i}`, field: e.field || "text", start: e.start, end: e.end, sub: e.type, item: e, title: e.name_en || e.id || "" });
  });
  doc.events.forEach((ev) => {
    if (ok(ev.trigger_start, ev.trigger_end, lenOf(ev.field))) spans.push({ kind: "event", key: `event:${ev.id}`, field: ev.field || "text", start: ev.trigger_start, end: ev.trigger_end, item: ev, title: ev.type });
  });
  doc.dates.forEach((d, i) => {
    if (ok(d.start, d.end, lenOf(d.field))) spans.push({ kind: "date", key: `date:${i}`, field: d.field || "text", start: d.start, end: d.end, item: d, title: d.value || "" });
  });
  doc.quotes.forEach((q, i) => {
    if (ok(q.start, q.end, lenOf(q.field))) spans.push({ kind: "quote", key: `quote:${q.idx ?? i}`, field: q.field || "text", start: q.start, end: q.end, item: q, title: (q.speaker && (q.speaker.name_en || q.speaker.text)) || "" });
  });
  return spans;
}

export class DocumentView {
  constructor(id) { this.id = id; }

  async mount(el) {
    this.el = el;
    loading(el);
    try {
      this.doc = await api(`documents/${encodeURIComponent(this.id)}`);
      this.draw();
    } catch (e) {
      showError(el, e.status === 404 ? new Error(t("reader.not_found")) : e);
    }
  }

  async update() {
    if (this.doc) this.focusFromUrl();
  }

  draw() {
    const doc = this.doc;
    const el = clear(this.el);
    this.spans = spansOf(doc);
    const counts = Object.fromEntries(KINDS.map((k) => [k, this.spans.filter((s) => s.kind === k).length]));
    const body = h("div", { class: "reader-text", id: "reader-text", lang: "ar", dir: "rtl" });
    body.append(renderField(doc.text, this.spans.filter((s) => s.field === "text"), (s) => this.pick(s)));
    this.body = body;
    this.record = h("aside", { class: "record panel", id: "record", "aria-live": "polite" },
      h("h3", null, t("reader.record")), h("p", { class: "hint" }, t("reader.click_hint")));
    const toggles = h("div", { class: "toggles", id: "toggles" }, KINDS.map((k) => {
      const cb = h("input", { type: "checkbox", checked: true, "data-kind": k,
        onchange: () => this.body.parentElement.classList.toggle(`hide-${k}`, !cb.checked) });
      return h("label", { class: `toggle tg-${k}` }, cb, h("span", { class: `swatch sw-${k}` }), `${t(KIND_LABEL[k])} (${counts[k]})`);
    }));
    const captions = doc.captions.length ? h("section", { class: "captions" }, h("h4", null, t("reader.captions")),
      doc.captions.map((c, i) => {
        const p = h("p", { class: "caption", lang: "ar", dir: "rtl" });
        p.append(renderField(c, this.spans.filter((s) => s.field === `captions[${i}]`), (s) => this.pick(s)));
        return p;
      })) : null;
    el.append(h("div", { class: "reader-layout" },
      h("article", { class: "reader panel", id: "reader" },
        h("h2", { lang: "ar", dir: "rtl" }, doc.title || doc.id),
        kv([[t("reader.outlet"), doc.outlet], [t("reader.agency"), doc.agency],
          [t("reader.published"), doc.published ? h("bdi", { dir: "ltr" }, doc.published) : null],
          [t("reader.source_link"), doc.url ? h("a", { href: doc.url, rel: "noopener noreferrer nofollow", target: "_blank", dir: "ltr" }, doc.url) : null]]),
        toggles,
        h("div", { class: "reader-body" }, body, captions),
        doc.warnings && doc.warnings.length ? h("details", { class: "warnings" }, h("summary", null, t("reader.warnings")),
          h("ul", null, doc.warnings.map((w) => h("li", null, w)))) : null),
      h("div", { class: "reader-side" },
        this.record,
        doc.events.length ? h("section", { class: "panel" }, h("h3", null, t("reader.events")),
          h("ol", { class: "doc-events" }, doc.events.map((ev) => h("li", null, badge(ev.type), " ",
            h("a", { href: href(`/incidents/${ev.incident_id}`, {}, false) }, h("bdi", { lang: "ar" }, `«${ev.trigger || "?"}»`)), " ",
            modalityName(ev.modality))))) : null,
        doc.story.length ? h("section", { class: "panel" }, h("h3", null, t("reader.story")),
          h("ul", null, doc.story.map((s) => h("li", null, h("a", { href: href(`/documents/${s.id}`, {}, false) }, s.title || s.id),
            " · ", h("bdi", null, s.outlet || ""), " · ", h("bdi", { dir: "ltr" }, s.published || ""))))) : null)));
    this.focusFromUrl();
  }

  focusFromUrl() {
    const p = params();
    let target = null;
    if (p.ev) target = this.spans.find((s) => s.kind === "event" && String(s.item.id) === p.ev);
    if (!target && p.sel) target = this.spans.find((s) => s.key === p.sel);
    if (p.hl) {
      const [a, b] = p.hl.split("-").map(Number);
      const el = this.body.querySelector(`[data-start="${a}"][data-end="${b}"]`);
      if (el) { el.classList.add("flash"); el.scrollIntoView({ block: "center" }); }
    }
    if (target) this.pick(target, false);
  }

  pick(s, remember = true) {
    for (const el of this.el.querySelectorAll(".hl.selected")) el.classList.remove("selected");
    const el = this.el.querySelector(`[data-key="${CSS.escape(s.key)}"]`);
    if (el) el.classList.add("selected");
    if (remember) {
      const u = new URLSearchParams(location.search);
      u.set("sel", s.key);
      u.delete("ev");
      history.replaceState(null, "", `${location.pathname}?${u}`);
    }
    clear(this.record);
    this.record.append(h("h3", null, t("reader.record"), " — ", t(KIND_LABEL[s.kind])), this.recordBody(s));
  }

  recordBody(s) {
    const x = s.item;
    const quoted = h("p", { class: `record-text rt-${s.kind}`, lang: "ar", dir: "rtl" }, x.text || x.trigger || "");
    if (s.kind === "entity") {
      return h("div", { class: "record-body", "data-kind": "entity" }, quoted, kv([
        [t("reader.entity_type"), x.type ? `${t(`entity.${x.type}`)} (${x.type})` : null],
        [t("reader.id"), x.id ? h("code", { dir: "ltr" }, x.id) : null],
        [t("reader.name_en"), x.name_en], [t("reader.country"), x.country],
        ["lat, lon", x.lat !== null && x.lat !== undefined ? h("bdi", { dir: "ltr" }, `${x.lat}, ${x.lon}`) : null]]),
      x.id ? h("p", null, h("a", { href: href("/", { actor: x.id }, false), id: "record-link" }, t("reader.incidents_of")),
        " · ", h("a", { href: href("/quotes", { speaker: x.id }, false) }, t("reader.quotes_of"))) : null);
    }
    if (s.kind === "event") {
      return h("div", { class: "record-body", "data-kind": "event" }, quoted,
        h("p", null, badge(x.type), x.mode ? ` ${x.mode}` : "", " · ", modalityName(x.modality)),
        kv([[t("incident.date"), x.date ? h("bdi", { dir: "ltr" }, x.date) : null],
          [t("incident.place"), x.place || x.country],
          [t("incident.actors"), x.actors.map((a) => a.label).join("، ") || null],
          [t("incident.recipients"), x.recipients.map((a) => a.label).join("، ") || null],
          [t("incident.score"), x.score !== null ? h("bdi", { dir: "ltr" }, String(x.score)) : null]]),
        h("p", null, h("a", { href: href(`/incidents/${x.incident_id}`, {}, false), id: "record-link", class: "open-incident" },
          t("reader.open_incident"), ` #${x.incident_id}`)));
    }
    if (s.kind === "date") {
      return h("div", { class: "record-body", "data-kind": "date" }, quoted, kv([
        [t("reader.value"), h("bdi", { dir: "ltr" }, x.value || "?")], [t("reader.precision"), x.precision],
        [t("reader.kind"), x.kind]]));
    }
    const sp = x.speaker || {};
    return h("div", { class: "record-body", "data-kind": "quote" }, quoted, kv([
      [t("reader.speaker"), sp.text || sp.name_en || t("quotes.anonymous")],
      [t("reader.id"), sp.id ? h("code", { dir: "ltr" }, sp.id) : null], [t("reader.name_en"), sp.name_en],
      ["", x.direct ? t("reader.direct") : t("reader.indirect")]]),
    sp.id || sp.text ? h("p", null, h("a", { href: href("/quotes", { speaker: sp.id || sp.text }, false), id: "record-link" }, t("reader.quotes_of"))) : null);
  }
}
