// Home view: incidents on an offline map (country and province outlines shipped with the app,
// no tile server), clustered, coloured by PLOVER type; the matching incidents listed beside it.
import L from "../leaflet-setup.js";
import "leaflet.markercluster";
import { api } from "../api.js";
import { TYPE_COLOR, TYPES } from "../colors.js";
import { t, typeName } from "../i18n.js";
import { filters, go, href, params, update } from "../state.js";
import { feature } from "topojson-client";
import { append, clear, h, num } from "../util.js";
import { badge, incidentItem, loading, PAGE, pageOffset, pager, showError, who } from "./common.js";

let basemapCache = null;
function basemap() {
  if (!basemapCache) {
    const meta = document.querySelector('meta[name="marsad-basemap"]');
    const url = (meta && meta.content) || "/static/basemap.json";
    basemapCache = fetch(url).then((r) => {
      if (!r.ok) throw new Error(`basemap ${r.status}`);
      return r.json();
    });
  }
  return basemapCache;
}

export class MapView {
  async mount(el) {
    this.el = el;
    this.status = h("div", { class: "map-status", id: "map-status" });
    this.mapEl = h("div", { class: "map", id: "map", dir: "ltr", role: "region", "aria-label": t("nav.map") });
    this.listEl = h("div", { class: "list", id: "incident-list" });
    this.sortSel = h("select", { id: "sort", onchange: () => update({ sort: this.sortSel.value === "-date" ? null : this.sortSel.value, page: null }) },
      ["-date", "date", "-mentions", "-dead"].map((s) => h("option", { value: s }, t(`sort.${s}`))));
    el.append(h("div", { class: "map-layout" },
      h("section", { class: "map-pane" }, this.mapEl, this.status),
      h("section", { class: "list-pane" },
        h("div", { class: "list-head" }, h("h2", null, t("list.incidents")), h("label", { class: "sort" }, t("list.sort"), " ", this.sortSel)),
        this.listEl)));
    this.map = L.map(this.mapEl, { zoomControl: true, worldCopyJump: true, minZoom: 2, maxZoom: 12, attributionControl: true })
      .setView([29, 42], 4);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution(t("map.basemap"));
    this.clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, iconCreateFunction: clusterIcon });
    this.map.addLayer(this.clusters);
    this.legend = L.control({ position: "bottomleft" });
    this.legend.onAdd = () => (this.legendEl = h("div", { class: "legend", id: "legend" }));
    this.legend.addTo(this.map);
    const area = L.control({ position: "topright" });
    area.onAdd = () => {
      const box = h("div", { class: "leaflet-bar area-control" },
        h("button", { type: "button", id: "area-set", title: t("filters.area_set"), onclick: (e) => { L.DomEvent.stop(e); this.limitToView(); } }, t("filters.area_set")),
        h("button", { type: "button", id: "area-clear", title: t("filters.area_clear"), onclick: (e) => { L.DomEvent.stop(e); update({ bbox: null, page: null }); } }, t("filters.area_clear")));
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    area.addTo(this.map);
    this.first = true;
    const bm = basemap(); // fetching now; drawn once the incidents are on screen (drawing takes a while)
    await this.update();
    this.drawBasemap(bm);
  }

  async drawBasemap(pending) {
    try {
      const bm = await pending;
      if (!this.map) return;
      const renderer = L.canvas({ padding: 0.5 });
      L.geoJSON(feature(bm, bm.objects.countries), { renderer, interactive: false,
        style: { color: "#8a8170", weight: 0.8, fillColor: "#f4f1e8", fillOpacity: 1 } }).addTo(this.map).bringToBack();
      L.geoJSON(feature(bm, bm.objects.provinces), { renderer, interactive: false,
        style: { color: "#b2a995", weight: 0.5, dashArray: "2 3", fill: false } }).addTo(this.map);
    } catch (e) {
      this.status.append(h("span", { class: "error" }, e.message));
    }
  }

  limitToView() {
    const b = this.map.getBounds();
    const c = (v, lo, hi) => Math.max(lo, Math.min(hi, Math.round(v * 100) / 100));
    const bbox = [c(b.getWest(), -180, 180), c(b.getSouth(), -90, 90), c(b.getEast(), -180, 180), c(b.getNorth(), -90, 90)];
    update({ bbox: bbox.join(","), page: null });
  }

  async update() {
    const f = filters();
    const p = params();
    const offset = pageOffset(p);
    const sort = p.sort || "-date";
    this.sortSel.value = sort;
    const token = (this.token = {});
    loading(this.listEl);
    try {
      const [pts, list] = await Promise.all([
        api("map", f),
        api("incidents", { ...f, limit: PAGE, offset, sort }),
      ]);
      if (token !== this.token) return;
      this.drawPoints(pts, !f.bbox);
      this.drawList(list, offset);
    } catch (e) {
      if (token === this.token) showError(this.listEl, e);
    }
  }

  drawPoints(pts, fit) {
    this.clusters.clearLayers();
    const tally = {};
    const markers = pts.items.map((pt) => {
      tally[pt.type] = (tally[pt.type] || 0) + 1;
      const icon = L.divIcon({ className: `inc-marker t-${pt.type}`, iconSize: [14, 14],
        html: h("span", { class: "dot", style: { background: TYPE_COLOR[pt.type] || "#555" } }) });
      const m = L.marker([pt.lat, pt.lon], { icon, title: `${typeName(pt.type)} ${pt.date || ""} ${pt.place || ""}`, keyboard: true });
      m.options.incType = pt.type;
      m.bindPopup(() => popup(pt));
      return m;
    });
    this.clusters.addLayers(markers);
    clear(this.status);
    append(this.status, [
      h("span", { id: "count-located" }, t("map.located", { n: num(pts.located) })), " · ",
      h("span", null, t("map.unlocated", { n: num(pts.total - pts.located) }))]);
    clear(this.legendEl);
    append(this.legendEl, [h("strong", null, t("map.legend")),
      TYPES.filter((ty) => tally[ty]).map((ty) => h("div", { class: "legend-row" },
        h("span", { class: "dot", style: { background: TYPE_COLOR[ty] } }), `${typeName(ty)} (${tally[ty]})`))]);
    if (fit && markers.length) {
      const b = L.latLngBounds(markers.map((m) => m.getLatLng()));
      this.map.fitBounds(b.pad(0.15), { maxZoom: 7, animate: !this.first });
    }
    this.first = false;
  }

  drawList(list, offset) {
    clear(this.listEl);
    if (!list.total) {
      this.listEl.append(h("p", { class: "empty" }, t("list.none")));
      return;
    }
    this.listEl.append(
      h("div", { class: "total", id: "incident-total", "data-total": list.total }, t("list.showing", { from: num(offset + 1), to: num(Math.min(offset + list.items.length, list.total)), total: num(list.total) })),
      h("ol", { class: "incidents" }, list.items.map(incidentItem)),
      pager(list.total, offset, PAGE, (o) => update({ page: o / PAGE + 1 })));
  }

  unmount() {
    this.token = null;
    if (this.map) this.map.remove();
    this.map = null;
  }
}

function clusterIcon(cluster) {
  const children = cluster.getAllChildMarkers();
  const tally = {};
  for (const m of children) tally[m.options.incType] = (tally[m.options.incType] || 0) + 1;
  const top = Object.entries(tally).sort((a, b) => b[1] - a[1])[0][0];
  const n = children.length;
  const size = n < 10 ? 30 : n < 100 ? 36 : 44;
  return L.divIcon({ className: "inc-cluster", iconSize: [size, size],
    html: h("span", { class: "cluster-dot", style: { borderColor: TYPE_COLOR[top] || "#555" } }, String(n)) });
}

function popup(pt) {
  const link = href(`/incidents/${pt.id}`);
  return h("div", { class: "popup", dir: document.documentElement.dir },
    h("div", null, badge(pt.type), " ", h("bdi", { dir: "ltr" }, pt.date || "")),
    h("div", { class: "place" }, pt.place || ""),
    who(pt.actor, pt.recipient),
    h("div", null, h("a", { href: link, onclick: (e) => { e.preventDefault(); go(link); } }, t("map.popup_open"))));
}
