// Search: the articles' normalized text (SQLite FTS5 on the server), best match first, with the
// matched words marked in a snippet. The query is the shared `q` filter.
import { api } from "../api.js";
import { t } from "../i18n.js";
import { filters, href, params, update } from "../state.js";
import { clear, h, num } from "../util.js";
import { loading, PAGE, pageOffset, pager, showError } from "./common.js";

function snippetNode(sn) {
  const p = h("p", { class: "snippet", lang: "ar", dir: "rtl" });
  let pos = 0;
  for (const [s, e] of sn.marks) {
    if (s < pos) continue;
    p.append(sn.text.slice(pos, s), h("mark", { class: "match" }, sn.text.slice(s, e)));
    pos = e;
  }
  p.append(sn.text.slice(pos));
  return p;
}

export class SearchView {
  async mount(el) {
    this.el = el;
    this.input = h("input", { type: "search", id: "search-q", name: "q", placeholder: t("search.placeholder"), autocomplete: "off", lang: "ar", dir: "rtl" });
    this.results = h("div", { class: "results", id: "search-results" });
    el.append(h("section", { class: "panel search" },
      h("h2", null, t("search.title")),
      h("form", { class: "search-form", role: "search", onsubmit: (e) => { e.preventDefault(); update({ q: this.input.value.trim() || null, page: null }); } },
        this.input, h("button", { type: "submit", class: "primary" }, t("search.go"))),
      h("p", { class: "hint" }, t("search.hint")), this.results));
    await this.update();
  }

  async update() {
    const f = filters();
    const p = params();
    this.input.value = f.q || "";
    const token = (this.token = {});
    if (!f.q) {
      clear(this.results).append(h("p", { class: "empty" }, t("search.empty")));
      return;
    }
    const offset = pageOffset(p);
    loading(this.results);
    try {
      const res = await api("documents", { ...f, limit: PAGE, offset });
      if (token !== this.token) return;
      clear(this.results);
      this.results.append(
        h("p", { class: "total", id: "search-total", "data-total": res.total }, t("search.results", { n: num(res.total) }), " · ",
          h("a", { href: href("/", { page: null }) }, t("search.incidents_link"))),
        h("ol", { class: "docs" }, res.items.map((d) => h("li", { class: "doc" },
          h("a", { href: href(`/documents/${d.id}`, {}, false), class: "doc-title", lang: "ar", dir: "rtl" }, d.title || d.id),
          h("div", { class: "doc-meta" }, h("bdi", null, d.outlet || ""), d.agency ? [" / ", h("bdi", null, d.agency)] : "", " · ", h("bdi", { dir: "ltr" }, d.published || ""),
            " · ", t("common.mentions", { n: d.n_events })),
          snippetNode(d.snippet)))),
        pager(res.total, offset, PAGE, (o) => update({ page: o / PAGE + 1 })));
    } catch (e) {
      if (token === this.token) showError(this.results, e);
    }
  }
}
