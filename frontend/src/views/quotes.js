// Quotes by speaker: the most quoted speakers, and the quotes of the one picked (or all).
import { api } from "../api.js";
import { isRtl, t } from "../i18n.js";
import { filters, href, params, update } from "../state.js";
import { clear, debounce, h, num } from "../util.js";
import { loading, PAGE, pageOffset, pager, showError } from "./common.js";

export class QuotesView {
  async mount(el) {
    this.el = el;
    this.filter = h("input", { type: "search", id: "speaker-filter", placeholder: t("quotes.filter"), autocomplete: "off" });
    this.filter.addEventListener("input", debounce(() => this.loadSpeakers(), 250));
    this.speakers = h("ol", { class: "speakers", id: "speakers" });
    this.quotes = h("div", { class: "quotes", id: "quotes" });
    el.append(h("div", { class: "quotes-layout" },
      h("aside", { class: "panel" }, h("h3", null, t("quotes.speakers")), this.filter,
        h("p", null, h("a", { href: href("/quotes", { speaker: null, page: null }) }, t("quotes.all"))), this.speakers),
      h("section", { class: "panel" }, h("h2", null, t("quotes.title")), this.quotes)));
    await Promise.all([this.loadSpeakers(), this.update()]);
  }

  async loadSpeakers() {
    const f = filters();
    try {
      const res = await api("speakers", { q: this.filter.value.trim(), since: f.since, until: f.until, limit: 60 });
      clear(this.speakers);
      for (const s of res.items) {
        this.speakers.append(h("li", null,
          h("a", { href: href("/quotes", { speaker: s.key, page: null }), title: s.name_en || s.text || "" },
            h("bdi", null, (isRtl() ? s.text || s.name_en : s.name_en || s.text) || s.key)),
          h("span", { class: "count" }, ` (${s.quotes})`)));
      }
    } catch (e) {
      showError(this.speakers, e);
    }
  }

  async update() {
    const p = params();
    const f = filters();
    const offset = pageOffset(p);
    const token = (this.token = {});
    loading(this.quotes);
    try {
      const res = await api("quotes", { speaker: p.speaker, since: f.since, until: f.until, limit: PAGE, offset });
      if (token !== this.token) return;
      clear(this.quotes);
      this.quotes.append(h("p", { class: "total" }, p.speaker ? h("strong", null, p.speaker, " — ") : null, t("quotes.count", { n: num(res.total) })),
        h("ol", { class: "quote-list" }, res.items.map((q) => h("li", { class: "quote" },
          h("blockquote", { lang: "ar", dir: "rtl" }, `«${q.text}»`),
          h("div", { class: "quote-meta" },
            q.speaker ? h("bdi", null, q.speaker.name_en || q.speaker.text) : t("quotes.anonymous"),
            q.direct ? ` · ${t("reader.direct")}` : ` · ${t("reader.indirect")}`, " · ",
            h("a", { href: href(`/documents/${q.doc_id}`, { sel: `quote:${q.idx}`, hl: `${q.start}-${q.end}` }, false) }, q.title || q.doc_id),
            " · ", h("bdi", { dir: "ltr" }, q.published || ""))))),
        pager(res.total, offset, PAGE, (o) => update({ page: o / PAGE + 1 })));
    } catch (e) {
      if (token === this.token) showError(this.quotes, e);
    }
  }
}
