// Dyad tension: pick two actors; the index per period (conflict up, cooperation down) and, under
// the chart, every incident that moved it, strongest first.
import { api } from "../api.js";
import { Chart } from "../charts.js";
import { isRtl, t } from "../i18n.js";
import { filters, params, update } from "../state.js";
import { append, clear, h } from "../util.js";
import { incidentItem, loading, showError } from "./common.js";

export class TensionView {
  async mount(el) {
    this.el = el;
    const input = (name) => h("input", { type: "text", name, id: `tn-${name}`, list: "actor-list", autocomplete: "off",
      placeholder: t("filters.actor_ph"), required: true });
    this.a = input("a");
    this.b = input("b");
    this.bySel = h("select", { id: "tn-by", name: "by" }, ["day", "week", "month"].map((b) => h("option", { value: b }, t(`by.${b}`))));
    this.bySel.addEventListener("change", () => this.submit());
    this.pairs = h("div", { class: "pairs", id: "pairs" });
    this.canvas = h("canvas", { id: "tension-chart", role: "img", "aria-label": t("tension.title") });
    this.chartBox = h("div", { class: "chart-box", dir: "ltr" }, this.canvas);
    this.list = h("div", { class: "contributions", id: "contributions" });
    el.append(h("section", { class: "panel" },
      h("div", { class: "panel-head" }, h("h2", null, t("tension.title"))),
      h("form", { class: "controls tension-form", onsubmit: (e) => { e.preventDefault(); this.submit(); } },
        h("label", null, t("tension.a"), " ", this.a), h("label", null, t("tension.b"), " ", this.b),
        h("label", null, t("timeline.by"), " ", this.bySel),
        h("button", { type: "submit", class: "primary" }, t("tension.draw"))),
      h("p", { class: "hint" }, t("tension.hint")), this.pairs,
      this.chartBox, h("p", { class: "hint" }, t("tension.explain")),
      h("h3", null, t("tension.contributions")), this.list));
    await this.update();
  }

  submit() {
    update({ a: this.a.value.trim() || null, b: this.b.value.trim() || null, by: this.bySel.value === "month" ? null : this.bySel.value });
  }

  async update() {
    const p = params();
    const f = filters();
    const by = ["day", "week", "month"].includes(p.by) ? p.by : "month";
    this.bySel.value = by;
    const token = (this.token = {});
    this.loadPairs(f, token);
    if (!p.a || !p.b) {
      this.a.value = p.a || "";
      this.b.value = p.b || "";
      clear(this.list);
      if (this.chart) { this.chart.destroy(); this.chart = null; }
      return;
    }
    this.a.value = p.a;
    this.b.value = p.b;
    loading(this.list);
    try {
      const res = await api("tension", { ...f, a: p.a, b: p.b, by });
      if (token !== this.token) return;
      this.draw(res);
    } catch (e) {
      if (token === this.token) showError(this.list, e);
    }
  }

  async loadPairs(f, token) {
    try {
      const res = await api("dyads", { ...f, limit: 6 });
      if (token !== this.token) return;
      clear(this.pairs);
      if (!res.items.length) return;
      append(this.pairs, [h("span", { class: "pairs-label" }, `${t("tension.suggested")}: `),
        res.items.map((d) => h("button", { type: "button", class: "pair", onclick: () => update({ a: d.a.key, b: d.b.key }) },
          h("bdi", null, d.a.label), " ⇄ ", h("bdi", null, d.b.label), " ", h("span", { class: "count" }, `(${d.incidents})`)))]);
      const p = params();
      if (!p.a && !p.b && !this.autoPicked) { // open on the most linked pair
        this.autoPicked = true;
        update({ a: res.items[0].a.key, b: res.items[0].b.key }, { replace: true });
      }
    } catch (e) { /* suggestions are optional */ }
  }

  draw(res) {
    if (this.chart) this.chart.destroy();
    const labels = res.periods.map((p) => p.label);
    this.chart = new Chart(this.canvas, {
      data: {
        labels,
        datasets: [
          { type: "line", label: t("tension.index"), data: res.periods.map((p) => p.index), borderColor: "#222",
            backgroundColor: "#222", pointRadius: 3, tension: 0.2, order: 0 },
          { type: "bar", label: t("tension.conflict"), data: res.periods.map((p) => p.conflict), backgroundColor: "#d73027", order: 1 },
          { type: "bar", label: t("tension.cooperation"), data: res.periods.map((p) => -p.cooperation), backgroundColor: "#1a9850", order: 1 },
        ],
      },
      options: {
        responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: false } },
        plugins: { legend: { position: "bottom", rtl: isRtl() }, tooltip: { rtl: isRtl(), mode: "index", intersect: false } },
        onClick: (evt, els) => {
          if (!els.length) return;
          const target = document.getElementById(`period-${res.periods[els[0].index].period}`);
          if (target) target.scrollIntoView({ behavior: "smooth", block: "start" });
        },
      },
    });
    clear(this.list);
    const withInc = res.periods.filter((p) => p.contributions.length);
    if (!withInc.length) {
      this.list.append(h("p", { class: "empty" }, t("tension.none")));
      return;
    }
    for (const p of withInc.slice().reverse()) {
      this.list.append(h("section", { class: "period", id: `period-${p.period}` },
        h("h4", null, h("bdi", { dir: "ltr" }, p.label), ` — ${t("tension.index")}: `, h("bdi", { dir: "ltr" }, fmt(p.index))),
        h("ol", { class: "incidents" }, p.contributions.map((c) => {
          const li = incidentItem(c.incident);
          li.prepend(h("div", { class: `contrib ${c.value > 0 ? "up" : c.value < 0 ? "down" : ""}` },
            h("bdi", { dir: "ltr" }, fmt(c.value)), " ", h("span", { class: "dir" }, c.direction.replace("A", t("tension.a")).replace("B", t("tension.b"))),
            h("span", { class: "why" }, ` ${c.why_a} · ${c.why_b}`)));
          return li;
        }))));
    }
  }

  unmount() {
    this.token = null;
    if (this.chart) this.chart.destroy();
  }
}

const fmt = (v) => (v > 0 ? "+" : "") + (Math.round(v * 100) / 100).toString();
