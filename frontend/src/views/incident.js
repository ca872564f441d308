// One incident: the merged record, then every mention with its source and why it was merged.
import { api } from "../api.js";
import { modalityName, t, typeName } from "../i18n.js";
import { href } from "../state.js";
import { clear, h } from "../util.js";
import { arrow, badge, kv, loading, showError } from "./common.js";

function actorList(side) {
  if (!side || !side.length) return null;
  return h("ul", { class: "actors" }, side.map((a) => h("li", null,
    h("a", { href: href("/", { actor: a.id || a.label, page: null }) }, h("bdi", null, a.label)),
    a.text && a.text !== a.label ? [" ", h("bdi", { class: "ar", lang: "ar" }, `«${a.text}»`)] : null,
    a.id ? h("code", { dir: "ltr" }, ` ${a.id}`) : null,
    a.mentions > 1 ? ` ×${a.mentions}` : null)));
}

function dateText(x) {
  if (!x.date) return t("common.unknown");
  const d = x.date_end && x.date_end !== x.date ? `${x.date} … ${x.date_end}` : x.date;
  return h("span", null, h("bdi", { dir: "ltr" }, d), x.date_precision ? ` (${x.date_precision})` : "");
}

function placeText(x) {
  const name = x.place || x.country;
  if (!name) return t("common.unknown");
  const parts = [name];
  const extra = [x.admin1, x.country].filter(Boolean).join(", ");
  if (extra && extra !== name) parts.push(`(${extra})`);
  if (x.lat !== null && x.lat !== undefined) parts.push(`${x.lat.toFixed(3)}, ${x.lon.toFixed(3)}`);
  if (x.geo_precision) parts.push(`[${x.geo_precision}]`);
  return h("span", { dir: "auto" }, parts.join(" "));
}

function sentenceWithTrigger(sentence, trigger) {
  if (!sentence) return null;
  const i = trigger ? sentence.indexOf(trigger) : -1;
  if (i < 0) return h("blockquote", { class: "sentence" }, sentence);
  return h("blockquote", { class: "sentence" }, sentence.slice(0, i),
    h("mark", { class: "hl-event" }, trigger), sentence.slice(i + trigger.length));
}

export class IncidentView {
  constructor(id) { this.id = id; }

  async mount(el) {
    this.el = el;
    loading(el);
    try {
      this.draw(await api(`incidents/${this.id}`));
    } catch (e) {
      showError(el, e.status === 404 ? new Error(t("incident.not_found")) : e);
    }
  }

  async update() { /* the incident does not depend on the filters */ }

  draw(inc) {
    const el = clear(this.el);
    const size = ["dead", "injured", "arrested"].filter((k) => inc[k] !== null && inc[k] !== undefined)
      .map((k) => t(`common.${k}`, { n: inc[k] })).concat(inc.quantity ? [t("common.quantity", { n: inc.quantity })] : []).join("، ");
    el.append(h("article", { class: "incident", id: "incident" },
      h("h2", null, badge(inc.type), " ", t("incident.title", { id: inc.id }),
        inc.mode ? h("span", { class: "mode" }, ` ${inc.mode}`) : null,
        h("span", { class: `modality m-${inc.modality}` }, ` ${modalityName(inc.modality)}`)),
      h("section", { class: "panel merged" },
        h("h3", null, t("incident.merged")),
        kv([
          [t("incident.type"), `${typeName(inc.type)} (${inc.type}${inc.mode ? ` / ${inc.mode}` : ""})`],
          [t("incident.modality"), `${modalityName(inc.modality)} — ${t(`class.${inc.modality_class}`)}`],
          [t("incident.date"), dateText(inc)],
          [t("incident.place"), placeText(inc)],
          [t("incident.actors"), actorList(inc.actors)],
          [t("incident.recipients"), actorList(inc.recipients)],
          [t("incident.size"), size || null],
          [t("incident.score"), inc.score !== null ? h("bdi", { dir: "ltr" }, `${inc.score.toFixed(1)} · quad ${inc.quad} · CAMEO ${inc.cameo || "-"}`) : null],
          [t("incident.reported"), t("incident.reported_text", { m: inc.n_mentions, d: inc.n_documents, s: inc.n_stories, o: inc.n_sources })],
          [t("incident.confidence"), inc.confidence !== null ? inc.confidence.toFixed(2) : null],
        ])),
      h("section", { class: "panel" },
        h("h3", null, t("incident.mentions")),
        h("ol", { class: "mentions", id: "mentions" }, inc.mentions.map((m) => this.mention(m))))));
  }

  mention(m) {
    const reader = href(`/documents/${m.doc_id}`, { hl: m.trigger_start !== null ? `${m.trigger_start}-${m.trigger_end}` : null, ev: m.id }, false);
    return h("li", { class: "mention", id: `mention-${m.id}` },
      h("div", { class: "mention-head" },
        h("span", { class: "mid" }, `#${m.id}`), " ",
        h("strong", null, h("bdi", null, m.outlet || "?")), m.agency ? [" / ", h("bdi", null, m.agency)] : "",
        " · ", h("bdi", { dir: "ltr" }, m.published || "????-??-??"), " · ",
        h("a", { href: reader, class: "open-reader" }, m.title || t("incident.open_reader"))),
      sentenceWithTrigger(m.sentence, m.trigger),
      h("div", { class: "mention-facts" },
        badge(m.type), " ", modalityName(m.modality), " · ", t("incident.trigger"), ": ", h("bdi", { lang: "ar" }, `«${m.trigger || "?"}»`), " · ",
        t("incident.date"), ": ", h("bdi", { dir: "ltr" }, m.date || "?"), m.date_from === "published" ? ` (${t("incident.article_date")})` : "",
        " · ", t("incident.place"), ": ", m.place || m.country || "?"),
      h("div", { class: "mention-who" },
        (m.actors.map((a) => a.label).join("، ") || "?"), arrow(), (m.recipients.map((a) => a.label).join("، ") || "?")),
      m.duplicate_of ? h("div", { class: "dup" }, t("incident.near_dup", { sim: (m.similarity || 0).toFixed(2) })) : null,
      m.merge_reasons && m.merge_reasons.length
        ? h("div", { class: "why" }, h("span", null, t("incident.merged_with", { id: `#${m.merged_with}` })),
          h("ul", null, m.merge_reasons.map((r) => h("li", { dir: "ltr" }, r))))
        : h("div", { class: "why first" }, t("incident.first")));
  }
}
