// fgm web viewer: sidebar (metrics, containers, findings feed), up to 5 synchronized uPlot panels, an overview with brush zoom.
// All state lives in `state` and is mirrored in the URL, so a view can be shared by copying the address.
"use strict";
const MAX_PANELS = 5;
const MAX_SELECTED = 20;
const RANGES = { "15m": 15 * 60e3, "1h": 3600e3, "6h": 6 * 3600e3, "24h": 24 * 3600e3, "7d": 7 * 86400e3 };
const COLORS = ["#2759c9", "#d0473f", "#2e8540", "#d08700", "#7b3fb5", "#138d90", "#c2185b", "#5d6b00",
                "#455a64", "#ef6c00"];

const state = {
  range: "1h", from: null, to: null, // range is a preset (live) or "custom" with from/to in epoch ms
  zoomStack: [],
  metric: null,
  panels: [],      // metric names, one per panel
  selected: [],    // container ids
  namespace: "", node: "", qos: "", search: "",
};
const cache = { metrics: [], units: {}, containers: [], labels: {}, findings: [] };
const plots = [];  // uPlot instances of the panels, same order as state.panels
let overview = null;
const utc = ts => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); // axes in UTC, like the range label
let syncing = false;
const token = localStorage.getItem("fgm.token");

window.fgm = { state, plots, cache, get overview() { return overview; }, ready: false, loads: 0 };

// ---- URL state --------------------------------------------------------------------------------------------
function readUrl() {
  const p = new URLSearchParams(location.search);
  if (p.get("from") && p.get("to")) { state.range = "custom"; state.from = +p.get("from"); state.to = +p.get("to"); }
  else if (RANGES[p.get("range")]) state.range = p.get("range");
  state.metric = p.get("metric");
  state.panels = (p.get("panels") || "").split(",").filter(Boolean).slice(0, MAX_PANELS);
  state.selected = (p.get("c") || "").split(",").filter(Boolean).slice(0, MAX_SELECTED);
  for (const k of ["namespace", "node", "qos", "search"]) state[k] = p.get(k) || "";
  if (p.get("ofrom") && p.get("oto")) state.zoomStack = [["custom", +p.get("ofrom"), +p.get("oto")]];
}
function writeUrl() {
  const p = new URLSearchParams();
  if (state.range === "custom") { p.set("from", state.from); p.set("to", state.to); } else p.set("range", state.range);
  if (state.metric) p.set("metric", state.metric);
  if (state.panels.length) p.set("panels", state.panels.join(","));
  if (state.selected.length) p.set("c", state.selected.join(","));
  for (const k of ["namespace", "node", "qos", "search"]) if (state[k]) p.set(k, state[k]);
  if (state.zoomStack.length) { const [f, t] = baseWindow(); p.set("ofrom", Math.round(f)); p.set("oto", Math.round(t)); }
  history.replaceState(null, "", "?" + p.toString());
}
function window_() {
  if (state.range === "custom") return [state.from, state.to];
  const to = Date.now();
  return [to - RANGES[state.range], to];
}

// ---- API ------------------------------------------------------------------------------------------------------
async function api(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v != null) qs.set(k, v);
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const r = await fetch(path + (qs.toString() ? "?" + qs : ""), { headers });
  const body = await r.json();
  if (r.status === 401) {
    const t = prompt("This fgm needs a bearer token:");
    if (t) { localStorage.setItem("fgm.token", t); location.reload(); }
  }
  if (!r.ok) throw new Error((body.parameter ? body.parameter + ": " : "") + body.error);
  return body;
}
function status(msg) { document.getElementById("status").textContent = msg || ""; }

// ---- sidebar: metrics -------------------------------------------------------------------------------------
async function loadMetrics() {
  const [from, to] = window_();
  const body = await api("/api/metrics", { from, to });
  cache.metrics = body.metrics.filter(m => m.containers > 0).concat(body.metrics.filter(m => m.containers === 0));
  for (const m of body.metrics) cache.units[m.name] = m.unit;
  if (!state.metric && cache.metrics.length) {
    state.metric = (cache.metrics.find(m => m.name === "cpu.usage_millicores" && m.containers > 0)
      || cache.metrics[0]).name;
  }
  renderMetrics();
}
function renderMetrics() {
  const q = document.getElementById("metric-search").value.trim();
  let items = cache.metrics;
  if (q) items = new Fuse(cache.metrics, { keys: ["name", "description"], threshold: 0.4 }).search(q).map(r => r.item);
  const ul = document.getElementById("metric-list");
  ul.replaceChildren(...items.slice(0, 60).map(m => {
    const li = el("li", { "data-metric": m.name, title: m.description || "", class: m.name === state.metric ? "selected" : "" },
      el("span", { class: "name" }, m.name), el("span", { class: "unit" }, m.unit || ""),
      el("span", { class: "value" }, String(m.containers)));
    li.onclick = () => { state.metric = m.name; writeUrl(); renderMetrics(); loadContainers(); };
    return li;
  }));
}

// ---- sidebar: containers ----------------------------------------------------------------------------------
async function loadContainers() {
  const [from, to] = window_();
  const params = { from, to, limit: 500, namespace: state.namespace, node: state.node, qos: state.qos };
  if (state.metric) params.sort = state.metric + ":avg";
  const body = await api("/api/containers", params);
  cache.containers = body.containers.map(c => ({ ...c, value: body.values ? body.values[c.container_id] : null }));
  for (const c of body.containers) cache.labels[c.container_id] = label(c);
  document.getElementById("container-count").textContent = `(${body.total})`;
  fillFilter("filter-namespace", body.containers.map(c => c.namespace), state.namespace, "all namespaces");
  fillFilter("filter-node", body.containers.map(c => c.node), state.node, "all nodes");
  renderContainers();
}
function fillFilter(id, values, current, allLabel) {
  const sel = document.getElementById(id);
  const known = new Set([...sel.options].map(o => o.value));
  for (const v of [...new Set(values.filter(Boolean))].sort()) if (!known.has(v)) sel.append(el("option", { value: v }, v));
  if (!known.has("")) sel.prepend(el("option", { value: "" }, allLabel));
  sel.value = current;
}
function renderContainers() {
  let items = cache.containers;
  if (state.search) {
    items = new Fuse(items, { keys: ["pod_name", "container_name", "namespace", "container_id"], threshold: 0.4 })
      .search(state.search).map(r => r.item);
  }
  const unit = cache.units[state.metric];
  const ul = document.getElementById("container-list");
  ul.replaceChildren(...items.map(c => {
    const checked = state.selected.includes(c.container_id);
    const box = el("input", { type: "checkbox", "data-container": c.container_id });
    box.checked = checked;
    const li = el("li", { class: checked ? "selected" : "", title: `${c.container_id} on ${c.node}` }, box,
      el("span", { class: "qos qos-" + c.qos }, c.qos[0]),
      el("span", { class: "name" }, label(c)),
      el("span", { class: "value" }, c.value == null ? "" : FgmUnits.format(c.value, unit)));
    li.onclick = ev => { if (ev.target !== box) box.checked = !box.checked; toggle(c.container_id, box.checked); };
    return li;
  }));
}
function toggle(id, on) {
  state.selected = state.selected.filter(x => x !== id);
  if (on && state.selected.length < MAX_SELECTED) state.selected.push(id);
  if (on && !state.panels.length && state.metric) state.panels.push(state.metric);
  writeUrl();
  renderContainers();
  drawAll();
}
function label(c) {
  return c.pod_name ? `${c.namespace}/${c.pod_name}/${c.container_name || "?"}` : c.container_id;
}

// ---- sidebar: findings feed ------------------------------------------------------------------------------
const KINDS = { OOM_KILL: "OOM kill", MEMORY_LEAK: "leak", MEMORY_NEAR_LIMIT: "near limit", THROTTLING: "throttling",
                PERIODIC: "periodic", CHANGEPOINT: "change", RESTART: "restart", OTHER: "other" };
async function loadFindings() {
  const [from, to] = baseWindow(); // the range before zooming, so the feed stays put while zooming into a finding
  const body = await api("/api/findings", { from: Math.round(from), to: Math.round(to), sort: "rank", limit: 50 });
  cache.findings = body.findings;
  document.getElementById("finding-count").textContent =
    `(${body.total > body.returned ? body.returned + " of " + body.total : body.total})`;
  const fmt = t => new Date(t).toISOString().replace("T", " ").slice(5, 19);
  document.getElementById("finding-list").replaceChildren(...body.findings.map(f => {
    const name = f.pod_name ? `${f.namespace}/${f.pod_name}/${f.container_name || "?"}` : f.container_id;
    const li = el("li", { "data-finding": f.finding_id, "data-container": f.container_id,
        title: `${f.kind} score ${f.score.toFixed(2)}, ${f.metric}\n${f.description}` },
      el("div", { class: "head" }, el("span", { class: "kind kind-" + f.kind }, KINDS[f.kind] || f.kind),
        el("span", { class: "name" }, name)),
      el("div", { class: "desc" }, `${f.node} · ${fmt(f.start_ms)} · ${f.description}`));
    li.onclick = () => openFinding(f);
    return li;
  }));
}
/** Selects the finding's container, shows its metric in the first panel and zooms around [start, end]. */
function openFinding(f) {
  if (!state.selected.includes(f.container_id)) {
    if (state.selected.length >= MAX_SELECTED) state.selected.shift();
    state.selected.push(f.container_id);
  }
  state.metric = f.metric;
  if (!state.panels.includes(f.metric)) {
    if (state.panels.length) state.panels[0] = f.metric; else state.panels.push(f.metric);
  }
  const margin = Math.max((f.end_ms - f.start_ms) / 2, 120e3);
  renderMetrics();
  loadContainers().catch(e => status(e.message));
  zoomTo(f.start_ms - margin, f.end_ms + margin);
}

// ---- panels -----------------------------------------------------------------------------------------------------
function panelWidth() { return Math.max(300, document.getElementById("panels").clientWidth - 14); }

/** Aligns series with different timestamps on the union of their times (uPlot wants one x array). */
function align(series) {
  const xs = [...new Set(series.flatMap(s => s.t))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map(s => {
    const y = new Array(xs.length).fill(null);
    s.t.forEach((t, i) => { y[index.get(t)] = s.v[i]; });
    return y;
  });
  return [xs.map(x => x / 1000), ...ys];
}

function axisFor(unit) {
  const a = { values: (u, vals) => vals.map(v => FgmUnits.format(v, unit)), size: 80 };
  if (unit === "B") a.incrs = FgmUnits.byteIncrs();
  return a;
}

async function drawPanel(i, gen) {
  const metric = state.panels[i];
  const box = document.querySelector(`.panel[data-index="${i}"] .chart`);
  const msg = document.querySelector(`.panel[data-index="${i}"] .msg`);
  const [from, to] = window_();
  if (!state.selected.length) { box.replaceChildren(); msg.textContent = "No container selected."; return; }
  let body;
  try {
    body = await api("/api/timeseries", { metric, containers: state.selected.join(","), from, to,
      points: Math.min(10000, panelWidth() * 2) });
  } catch (e) { if (gen === generation) msg.textContent = e.message; return; }
  if (gen !== generation) return; // a newer drawAll replaced this panel while we waited
  msg.textContent = body.missing.length ? `no ${metric} for ${body.missing.length} selected container(s)` : "";
  const unit = body.unit;
  const data = body.series.length ? align(body.series) : [[from / 1000, to / 1000]];
  const opts = {
    width: panelWidth(), height: 220, tzDate: utc,
    scales: { x: { time: true, min: from / 1000, max: to / 1000 }, y: { auto: true } },
    axes: [{}, axisFor(unit)],
    series: [{}, ...body.series.map((s, k) => ({
      label: cache.labels[s.container_id] || s.container_id, stroke: COLORS[k % COLORS.length], width: 1.25,
      spanGaps: true, value: (u, v) => FgmUnits.format(v, unit) }))],
    cursor: { sync: { key: "fgm", setSeries: true }, drag: { x: true, y: false } },
    hooks: { setSelect: [u => zoomFromSelect(u)], setScale: [(u, key) => { if (key === "x") syncX(u); }] },
    legend: { live: true },
  };
  if (plots[i]) plots[i].destroy();
  box.replaceChildren();
  plots[i] = new uPlot(opts, body.series.length ? data : [[], []], box);
  plots[i].fgmSeries = body.series.map(s => s.container_id);
  plots[i].fgmMetric = metric;
  if (i === 0) await drawOverview(metric, gen);
}

function renderPanels() {
  const root = document.getElementById("panels");
  plots.splice(0).forEach(p => p && p.destroy());
  root.replaceChildren(...state.panels.map((metric, i) => {
    const close = el("button", { title: "Remove panel", class: "remove" }, "×");
    close.onclick = () => { state.panels.splice(i, 1); writeUrl(); drawAll(); };
    const unit = cache.units[metric];
    return el("div", { class: "panel", "data-index": i, "data-metric": metric },
      el("header", {}, el("span", { class: "title" }, metric + (unit ? `  [${unit}]` : "")), close),
      el("div", { class: "msg" }), el("div", { class: "chart" }));
  }));
  document.getElementById("empty").style.display = state.panels.length ? "none" : "";
}

let generation = 0;
async function drawAll() {
  const gen = ++generation;
  renderPanels();
  updateRangeLabel();
  await Promise.all(state.panels.map((_, i) => drawPanel(i, gen)));
  if (gen === generation) window.fgm.loads++; // counts completed views, for tests and for the status line
}

// ---- overview, zoom, pan ----------------------------------------------------------------------------------
/** The range before any zoom: what the overview shows, with the current window marked on it. */
function baseWindow() {
  if (!state.zoomStack.length) return window_();
  const [range, from, to] = state.zoomStack[0];
  return range === "custom" ? [from, to] : [Date.now() - RANGES[range], Date.now()];
}
async function drawOverview(metric, gen) {
  const root = document.getElementById("overview");
  const [from, to] = baseWindow();
  let body;
  try {
    body = await api("/api/timeseries", { metric, containers: state.selected.join(","), from, to,
      points: Math.min(10000, panelWidth()) });
  } catch (e) { return; }
  if (gen !== generation) return;
  if (overview) overview.destroy();
  root.replaceChildren();
  if (!body.series.length) { overview = null; return; }
  overview = new uPlot({
    width: panelWidth() + 12, height: 90, legend: { show: false }, tzDate: utc,
    scales: { x: { time: true, min: from / 1000, max: to / 1000 } },
    axes: [{ space: 120, size: 30 }, { show: false }],
    series: [{}, ...body.series.map((s, k) => ({ stroke: COLORS[k % COLORS.length], width: 1, spanGaps: true }))],
    cursor: { drag: { x: true, y: false }, points: { show: false } },
    hooks: { setSelect: [u => zoomFromSelect(u)], ready: [markWindow] },
  }, align(body.series), root);
}
/** Marks the zoomed window on the overview (once it is laid out: positions are NaN before). */
function markWindow(u) {
  const [from, to] = baseWindow();
  const [wFrom, wTo] = window_();
  if (wFrom > from || wTo < to) {
    const left = u.valToPos(wFrom / 1000, "x");
    u.setSelect({ left, width: u.valToPos(wTo / 1000, "x") - left, top: 0, height: u.bbox.height / devicePixelRatio },
      false);
  }
}
function zoomFromSelect(u) {
  if (u.select.width < 5) return;
  const from = Math.round(u.posToVal(u.select.left, "x") * 1000);
  const to = Math.round(u.posToVal(u.select.left + u.select.width, "x") * 1000);
  u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  zoomTo(from, to);
}
function zoomTo(from, to) {
  if (to - from < 2000) return;
  state.zoomStack.push([state.range, state.from, state.to]);
  state.range = "custom"; state.from = Math.round(from); state.to = Math.round(to);
  document.getElementById("range").value = "custom";
  writeUrl();
  drawAll();
}
function syncX(src) {
  // panels share one time axis: a scale change in one (e.g. from code) is applied to the others
  if (syncing) return;
  syncing = true;
  const { min, max } = src.scales.x;
  for (const p of plots) if (p && p !== src) p.setScale("x", { min, max });
  syncing = false;
}
function pan(direction) {
  const [from, to] = window_();
  const shift = (to - from) / 2 * direction;
  if (!state.zoomStack.length) state.zoomStack.push([state.range, state.from, state.to]);
  state.range = "custom"; state.from = Math.round(from + shift); state.to = Math.round(to + shift);
  document.getElementById("range").value = "custom";
  writeUrl();
  drawAll();
}
function resetZoom() {
  const first = state.zoomStack[0];
  state.zoomStack = [];
  if (first) [state.range, state.from, state.to] = first;
  else state.range = "1h";
  document.getElementById("range").value = state.range;
  writeUrl();
  drawAll();
}
function rescaleY() {
  for (const p of plots) {
    if (!p) continue;
    let lo = Infinity, hi = -Infinity;
    const { min, max } = p.scales.x;
    p.data[0].forEach((x, i) => {
      if (x < min || x > max) return;
      for (let s = 1; s < p.data.length; s++) {
        const v = p.data[s][i];
        if (v != null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      }
    });
    if (lo <= hi) p.setScale("y", { min: lo - (hi - lo) * 0.05, max: hi + (hi - lo) * 0.05 || hi + 1 });
  }
}
function updateRangeLabel() {
  const [from, to] = window_();
  const fmt = t => new Date(t).toISOString().replace("T", " ").slice(0, 19);
  document.getElementById("range-label").textContent = `${fmt(from)} – ${fmt(to)} UTC`;
}

// ---- wiring ---------------------------------------------------------------------------------------------------
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== "" && v != null) e.setAttribute(k, v);
  e.append(...children);
  return e;
}
function bind() {
  const $ = id => document.getElementById(id);
  $("range").value = state.range;
  $("range").onchange = () => {
    if ($("range").value === "custom") return;
    state.range = $("range").value; state.zoomStack = []; writeUrl(); reloadAll();
  };
  $("refresh").onclick = reloadAll;
  $("metric-search").oninput = renderMetrics;
  $("container-search").value = state.search;
  $("container-search").oninput = () => { state.search = $("container-search").value.trim(); writeUrl(); renderContainers(); };
  for (const [id, key] of [["filter-namespace", "namespace"], ["filter-node", "node"], ["filter-qos", "qos"]]) {
    $(id).onchange = () => { state[key] = $(id).value; writeUrl(); loadContainers(); };
  }
  $("filter-qos").value = state.qos;
  $("add-panel").onclick = () => {
    if (!state.metric || state.panels.length >= MAX_PANELS) return;
    state.panels.push(state.metric); writeUrl(); drawAll();
  };
  $("pan-left").onclick = () => pan(-1);
  $("pan-right").onclick = () => pan(1);
  $("zoom-out").onclick = () => { const [f, t] = window_(); const d = t - f; zoomTo(f - d / 2, t + d / 2); };
  $("rescale-y").onclick = rescaleY;
  $("reset").onclick = resetZoom;
  let resize;
  window.addEventListener("resize", () => { clearTimeout(resize); resize = setTimeout(drawAll, 200); });
}
async function reloadAll() {
  status("loading…");
  try {
    await loadMetrics();
    await loadContainers();
    await loadFindings().catch(e => { document.getElementById("finding-count").textContent = e.message; });
    writeUrl();
    await drawAll();
    status("");
  } catch (e) { status(e.message); }
}

window.fgm.zoomTo = zoomTo;
window.fgm.toggle = toggle;
window.fgm.openFinding = openFinding;
readUrl();
bind();
reloadAll().then(() => { window.fgm.ready = true; });
