// Timeline: incidents per day, week or month, stacked by type (or place, actor, modality, country).
import { api } from "../api.js";
import { Chart } from "../charts.js";
import { colorFor } from "../colors.js";
import { isRtl, modalityName, t, typeName } from "../i18n.js";
import { filters, go, href, params, update } from "../state.js";
import { clear, h, num } from "../util.js";
import { loading, showError } from "./common.js";

const MAX_SERIES = 12;

export class TimelineView {
  async mount(el) {
    this.el = el;
    this.bySel = h("select", { id: "tl-by", onchange: () => update({ by: this.bySel.value === "week" ? null : this.bySel.value }) },
      ["day", "week", "month"].map((b) => h("option", { value: b }, t(`by.${b}`))));
    this.groupSel = h("select", { id: "tl-group", onchange: () => update({ group: this.groupSel.value === "type" ? null : this.groupSel.value }) },
      ["type", "place", "actor", "modality", "country", "none"].map((g) => h("option", { value: g }, t(`group.${g}`))));
    this.canvas = h("canvas", { id: "timeline-chart", role: "img", "aria-label": t("timeline.title") });
    this.body = h("div", { class: "chart-box", dir: "ltr" }, this.canvas);
    this.info = h("div", { class: "chart-info" });
    el.append(h("section", { class: "panel" },
      h("div", { class: "panel-head" }, h("h2", null, t("timeline.title")),
        h("div", { class: "controls" },
          h("label", null, t("timeline.by"), " ", this.bySel),
          h("label", null, t("timeline.group"), " ", this.groupSel))),
      this.body, h("p", { class: "hint" }, t("timeline.hint")), this.info));
    await this.update();
  }

  async update() {
    const p = params();
    const by = ["day", "week", "month"].includes(p.by) ? p.by : "week";
    const group = ["type", "place", "actor", "modality", "country", "none"].includes(p.group) ? p.group : "type";
    this.bySel.value = by;
    this.groupSel.value = group;
    const token = (this.token = {});
    loading(this.info);
    try {
      const res = await api("counts", { ...filters(), by, group });
      if (token !== this.token) return;
      clear(this.info);
      this.draw(res);
    } catch (e) {
      if (token === this.token) showError(this.info, e);
    }
  }

  draw(res) {
    const labels = res.periods.map((p) => p.label);
    const index = Object.fromEntries(res.periods.map((p, i) => [p.period, i]));
    const top = res.groups.slice(0, MAX_SERIES).map((g) => g.group);
    const rest = new Set(res.groups.slice(MAX_SERIES).map((g) => g.group));
    const series = {};
    for (const k of top) series[k] = new Array(labels.length).fill(0);
    if (rest.size) series.__other = new Array(labels.length).fill(0);
    for (const r of res.rows) {
      const k = rest.has(r.group) ? "__other" : r.group;
      series[k][index[r.period]] += r.count;
    }
    const name = (k) => (k === "__other" ? t("timeline.other") : res.group === "type" ? typeName(k)
      : res.group === "modality" ? modalityName(k) : k || t("common.unknown"));
    const datasets = Object.entries(series).map(([k, data], i) => ({
      label: name(k), data, key: k, backgroundColor: k === "__other" ? "#bbb" : colorFor(res.group, k, i), stack: "s",
    }));
    if (this.chart) this.chart.destroy();
    this.chart = new Chart(this.canvas, {
      type: "bar",
      data: { labels, datasets },
      options: {
        responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked: true, ticks: { maxRotation: 60, autoSkip: true } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom", rtl: isRtl(), labels: { boxWidth: 12 } },
          tooltip: { rtl: isRtl(), mode: "index", intersect: false, filter: (item) => item.raw > 0 } },
        onClick: (evt, els) => {
          if (!els.length) return;
          const period = res.periods[els[0].index];
          const ds = datasets[els[0].datasetIndex];
          const extra = { since: period.period, until: periodEnd(period.period, res.by), page: null };
          if (res.group === "type" && ds.key !== "__other") extra.type = ds.key;
          go(href("/", extra));
        },
      },
    });
    const total = res.rows.reduce((a, r) => a + (res.group === "actor" ? 0 : r.count), 0);
    if (res.group !== "actor") this.info.append(h("p", { id: "timeline-total" }, `${t("timeline.total")}: ${num(total)}`));
  }

  unmount() {
    this.token = null;
    if (this.chart) this.chart.destroy();
  }
}

export function periodEnd(start, by) {
  const d = new Date(`${start}T00:00:00Z`);
  if (by === "day") return start;
  if (by === "week") d.setUTCDate(d.getUTCDate() + 6);
  else { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
  return d.toISOString().slice(0, 10);
}
