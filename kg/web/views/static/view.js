/* kg network view: legend and filters, search, tooltip, side panel.
 * Data comes from the JSON block #kg-data. Every text from it is put into the page
 * with textContent (never innerHTML): names and headlines are untrusted. */
(function () {
  "use strict";
  var timings = { start: performance.now() };  // for benchmarks: where the time to ready goes
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  timings.parsed = performance.now();
  var meta = data.meta, arts = data.articles;
  var TYPES = {}, FAMILIES = {}, KINDS = {};
  meta.types.forEach(function (t) { TYPES[t[0]] = { label: t[1], color: t[2], shape: t[3], glyph: t[4] }; });
  // An event's family ("other": an event of no type) colours it and filters it.
  meta.families.forEach(function (f) { FAMILIES[f[0]] = { label: f[1], color: f[2] }; });
  // An organization's or place's kind (Hospital, Road …; "other-place": none) colours it and filters it.
  meta.kinds.forEach(function (k) { KINDS[k[0]] = { label: k[1], color: k[2], type: k[3] }; });
  var state = { types: new Set(Object.keys(TYPES)), families: new Set(Object.keys(FAMILIES)),
                kinds: new Set(Object.keys(KINDS)), from: "", to: "" };
  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  var $ = function (id) { return document.getElementById(id); };
  var api = { ready: false, readyMs: null, settledBy: null, timings: timings };
  window.kgView = api;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function dayStart(d) { return d.length >= 10 ? d.slice(0, 10) : d + "-01-01".slice(d.length - 4); }
  function dayEnd(d) { return d.length >= 10 ? d.slice(0, 10) : d + "-12-31".slice(d.length - 4); }
  function articleInRange(i) {
    if (!state.from && !state.to) return true;
    var d = arts[i][1];
    if (!d) return false;
    return (!state.from || dayEnd(d) >= state.from) && (!state.to || dayStart(d) <= state.to);
  }
  function nodeVisible(n) {
    if (!state.types.has(n.type)) return false;
    if (n.family && !state.families.has(n.family)) return false;
    if (n.ekind && !state.kinds.has(n.ekind)) return false;
    return (!state.from && !state.to) || n.arts.some(articleInRange);
  }
  // An event says its family and its type: 事件 · 灾害事故 · 火灾; a body its kind: 机构 · 医院 Hospital.
  function typeLabel(n) {
    var family = n.family ? " · " + FAMILIES[n.family].label : "";
    return TYPES[n.type].label + family + (n.kind ? " · " + n.kind : "");
  }
  function typeAndDate(n) { return typeLabel(n) + (n.when ? " · " + n.when : ""); }
  function colorOf(n) {
    return n.family ? FAMILIES[n.family].color : n.ekind ? KINDS[n.ekind].color : TYPES[n.type].color;
  }
  function headline(i) { return arts[i][0] || "（无标题）"; }

  // ------------------------------------------------------------ vis data
  // Nodes, edges, groups and options come as kg built them with pyvis (data.vis); the
  // nodes of data.nodes are the same, in the same order, with what kg shows of them.
  var visData = data.vis, big = meta.big, labelled = new Set();
  data.nodes.forEach(function (n, i) { n.label = visData.nodes[i].label; n.value = visData.nodes[i].value; });
  // vis-network measures every label when it builds the network: on a big one only
  // the most mentioned nodes get theirs at first, the others when zoomed in on.
  if (big) {
    data.nodes.slice().sort(function (a, b) { return b.value - a.value; }).slice(0, 600)
      .forEach(function (n) { labelled.add(n.id); });
  }
  function unlabelled(v) {
    var item = {};
    for (var k in v) if (k !== "label") item[k] = v[k];
    return item;
  }
  var nodes = new vis.DataSet(big ? visData.nodes.map(function (v) { return labelled.has(v.id) ? v : unlabelled(v); })
                                  : visData.nodes);
  var edges = new vis.DataSet(visData.edges);
  var nodeView = new vis.DataView(nodes, { filter: function (item) { return nodeVisible(byId.get(item.id)); } });
  var edgeView = new vis.DataView(edges, { filter: function (item) {
    return nodeVisible(byId.get(item.from)) && nodeVisible(byId.get(item.to));
  } });
  var physics = visData.options.physics.enabled;

  // ------------------------------------------------------------ network
  var container = $("kg-network");
  timings.datasets = performance.now();
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, visData.options);
  timings.network = performance.now();
  api.network = network; api.nodes = nodes; api.edges = edges;
  api.nodeCount = function () { return nodes.length; };
  api.edgeCount = function () { return edges.length; };
  api.visibleCount = function () { return nodeView.length; };
  api.nodeId = function (name) { return find(name); };

  function markReady(how) {
    if (api.ready) return;
    api.ready = true; api.readyMs = timings.ready = performance.now(); api.settledBy = how;
    document.documentElement.setAttribute("data-kg-state", "ready");
  }
  if (!data.nodes.length) {
    container.appendChild(el("p", "kg-empty", "没有可显示的节点。"));
    markReady("empty");
  } else if (physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });  // settled: stop moving for good
      markReady("stabilized");
    });
  } else {
    network.once("afterDrawing", function () { markReady("preset"); });
    if (meta.axis) fitTimeline(); else network.fit({ animation: false });
  }
  if (meta.ticks.length) network.on("beforeDrawing", drawTimeline);
  if (big) {
    var pending = null;
    ["zoom", "dragEnd", "animationFinished"].forEach(function (ev) {
      network.on(ev, function () { clearTimeout(pending); pending = setTimeout(labelViewport, 120); });
    });
  }

  function labelViewport() {
    if (network.getScale() < 0.45) return;  // labels would be too small to draw anyway
    var tl = network.DOMtoCanvas({ x: 0, y: 0 });
    var br = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var add = [];
    data.nodes.forEach(function (n) {
      if (labelled.has(n.id) || add.length >= 2000) return;
      var p = network.getPosition(n.id);
      if (p.x >= tl.x && p.x <= br.x && p.y >= tl.y && p.y <= br.y) { labelled.add(n.id); add.push({ id: n.id, label: n.label }); }
    });
    if (add.length) nodes.update(add);
  }

  // The date axis stays at the top of the screen and lane names at its left edge,
  // whatever the zoom: drawn in canvas units converted from screen pixels. An event of a
  // month, a year or a run of days is a bar in its family's colour behind its node.
  function drawTimeline(ctx) {
    var s = network.getScale(), tl = network.DOMtoCanvas({ x: 0, y: 0 });
    var br = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    ctx.save();
    drawSpans(ctx, s);
    ctx.font = 13 / s + "px system-ui, 'WenQuanYi Micro Hei', sans-serif";
    ctx.lineWidth = 1 / s; ctx.strokeStyle = "#e3e3e3"; ctx.fillStyle = "#666";
    var shown = ticksAt(s);
    shown.forEach(function (t) {
      ctx.beginPath(); ctx.moveTo(t[0], tl.y + 24 / s); ctx.lineTo(t[0], br.y); ctx.stroke();
    });
    // A lane's name stays below the date row while any of the lane is on screen.
    meta.lanes.forEach(function (l, i) {
      ctx.beginPath(); ctx.moveTo(tl.x, l[0] - 40); ctx.lineTo(br.x, l[0] - 40); ctx.stroke();
      var next = i + 1 < meta.lanes.length ? meta.lanes[i + 1][0] - 40 : Infinity;
      ctx.fillText(l[1], tl.x + 8 / s, Math.min(Math.max(l[0] - 46, tl.y + 42 / s), next - 6 / s));
    });
    ctx.textAlign = "center"; ctx.fillStyle = "#333";
    var last = -Infinity;
    shown.forEach(function (t) {  // a date where the one before leaves room for it
      if ((t[0] - last) * s < t[1].length * 7.5 + 12) return;
      ctx.fillText(t[1], t[0], tl.y + 18 / s); last = t[0];
    });
    ctx.restore();
  }
  // The whole timeline on screen, its bars included (vis-network fits the nodes only),
  // below the row of dates.
  function fitTimeline() {
    var at = network.getPositions(), box = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
    Object.keys(at).forEach(function (id) {
      box.x0 = Math.min(box.x0, at[id].x - 40); box.x1 = Math.max(box.x1, at[id].x + 40);
      box.y0 = Math.min(box.y0, at[id].y - 60); box.y1 = Math.max(box.y1, at[id].y + 30);
    });
    meta.spans.forEach(function (b) {
      var p = at[b[0]];
      box.x0 = Math.min(box.x0, p.x + b[1] - 10); box.x1 = Math.max(box.x1, p.x + b[2] + 10);
    });
    var w = container.clientWidth, h = container.clientHeight - 28;
    var scale = Math.min(w / (box.x1 - box.x0), h / (box.y1 - box.y0), 1.5);
    network.moveTo({ position: { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 - 14 / scale },
                     scale: scale, animation: false });
  }

  // The ticks of the finest unit (year, month, week, day) at least 16 px apart at this zoom.
  var ticksBy = {};
  meta.ticks.forEach(function (t) { (ticksBy[t[2]] = ticksBy[t[2]] || []).push(t); });
  function ticksAt(scale) {
    var chosen = ticksBy.year || meta.ticks;
    ["year", "month", "week", "day"].forEach(function (unit) {
      var list = ticksBy[unit];
      if (list && list.length > 1 && (list[1][0] - list[0][0]) * scale >= 16) chosen = list;
    });
    return chosen;
  }
  api.ticksAt = function () { return ticksAt(network.getScale()).map(function (t) { return t[1]; }); };
  function drawSpans(ctx, scale) {
    if (!meta.spans.length) return;
    var at = network.getPositions(meta.spans.map(function (b) { return b[0]; }));
    meta.spans.forEach(function (b) {
      var n = byId.get(b[0]);
      if (!nodeVisible(n)) return;
      var p = at[b[0]], color = (FAMILIES[n.family] || FAMILIES.other).color;
      ctx.globalAlpha = 0.3; ctx.fillStyle = color;
      ctx.fillRect(p.x + b[1], p.y - 8, b[2] - b[1], 16);
      ctx.globalAlpha = 1; ctx.strokeStyle = color; ctx.lineWidth = 1.5 / scale;
      ctx.strokeRect(p.x + b[1], p.y - 8, b[2] - b[1], 16);
    });
    ctx.globalAlpha = 1;
  }
  api.spans = function () { return meta.spans; };

  // ------------------------------------------------------------ tooltip
  var tip = $("kg-tooltip");
  network.on("hoverNode", function (p) { showTooltip(p.node, p.pointer.DOM); });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });

  function showTooltip(id, at) {
    var n = byId.get(id), list = n.arts.filter(articleInRange);
    tip.replaceChildren(el("div", "tip-title", n.full), el("div", "tip-type", typeAndDate(n)));
    if (n.aliases.length) tip.appendChild(el("div", "tip-aliases", "别名：" + n.aliases.join("、")));
    if (n.type === "article") {
      tip.appendChild(el("div", "tip-count", (arts[n.arts[0]][1] || "日期不详") + " · " + n.mentions + " 处提及"));
    } else {
      tip.appendChild(el("div", "tip-count", list.length + " 篇文章 · " + n.mentions + " 次"));
      var ul = el("ul");
      list.slice(0, 5).forEach(function (i) { ul.appendChild(el("li", null, headline(i))); });
      if (list.length > 5) ul.appendChild(el("li", "more", "… 另有 " + (list.length - 5) + " 篇"));
      tip.appendChild(ul);
    }
    tip.hidden = false;
    var x = Math.min(at.x + 14, container.clientWidth - tip.offsetWidth - 4);
    var y = Math.min(at.y + 14, container.clientHeight - tip.offsetHeight - 4);
    tip.style.left = Math.max(0, x) + "px"; tip.style.top = Math.max(0, y) + "px";
  }

  // ------------------------------------------------------------ side panel
  var panel = $("kg-panel");
  network.on("click", function (p) { if (p.nodes.length) openPanel(p.nodes[0]); });
  $("kg-panel-close").addEventListener("click", function () { panel.hidden = true; network.unselectAll(); });

  function openPanel(id) {
    var n = byId.get(id), body = $("kg-panel-body");
    $("kg-panel-title").textContent = n.full;
    var extra = n.aliases.length ? " · 别名：" + n.aliases.join("、") : "";
    $("kg-panel-meta").textContent = typeAndDate(n) + extra;
    body.replaceChildren();
    if (n.type === "article") articlePanel(n, body); else entityPanel(n, body);
    panel.hidden = false;
    api.panelNode = id;
  }
  function entityPanel(n, body) {
    var list = n.arts.filter(articleInRange);
    body.appendChild(el("h3", null, list.length + " 篇文章"));
    var ol = el("ol", "articles");
    list.slice(0, 60).forEach(function (i) { ol.appendChild(articleItem(i, n.snips[i])); });
    body.appendChild(ol);
    if (list.length > 60) body.appendChild(el("p", "more", "… 另有 " + (list.length - 60) + " 篇"));
    quotesPanel(n, body);
    neighbourChips(n, body);
  }
  // What a person or body said: [article, "direct"|"reported", words, speaker as printed].
  function quotesPanel(n, body) {
    var said = (n.quotes || []).filter(function (q) { return articleInRange(q[0]); });
    if (!said.length) return;
    body.appendChild(el("h3", null, "言论（" + said.length + (n.quoted > n.quotes.length ? " / " + n.quoted : "") + "）"));
    var ol = el("ol", "quotes");
    said.forEach(function (q) {
      var li = el("li"), words = q[1] === "direct" ? "“" + q[2] + "”" : q[2];
      li.appendChild(el("p", "quote " + q[1], words));
      var src = el("button", "headline source", (q[3] ? q[3] + " · " : "") + headline(q[0]));
      src.type = "button";
      var target = arts[q[0]][2];
      if (target >= 0) src.addEventListener("click", function () { focusNode(target); }); else src.disabled = true;
      li.appendChild(src);
      li.appendChild(el("span", "date", (arts[q[0]][1] || "日期不详") + (q[1] === "reported" ? " · 转述" : "")));
      ol.appendChild(li);
    });
    body.appendChild(ol);
  }
  function articlePanel(n, body) {
    var ol = el("ol", "articles");
    ol.appendChild(articleItem(n.arts[0], n.snips[n.arts[0]]));
    body.appendChild(ol);
    if (n.byline) body.appendChild(el("p", "byline", n.byline));
    neighbourChips(n, body);
  }
  function articleItem(i, snip) {
    var li = el("li"), target = arts[i][2];
    var h = el("button", "headline", headline(i));
    h.type = "button";
    if (target >= 0) h.addEventListener("click", function () { focusNode(target); }); else h.disabled = true;
    li.appendChild(h);
    li.appendChild(el("span", "date", arts[i][1] || "日期不详"));
    if (snip) {
      var p = el("p", "snippet");
      p.append(snip[0]);  // strings append as text nodes
      if (snip[1]) p.append(el("mark", null, snip[1]));
      p.append(snip[2]);
      li.appendChild(p);
    }
    return li;
  }
  function neighbourChips(n, body) {
    var ids = network.getConnectedNodes(n.id).map(function (i) { return byId.get(i); }).filter(nodeVisible);
    if (!ids.length) return;
    ids.sort(function (a, b) { return b.value - a.value || (a.full < b.full ? -1 : 1); });
    body.appendChild(el("h3", null, "相连的节点（" + ids.length + "）"));
    var chips = el("div", "chips");
    ids.slice(0, 80).forEach(function (m) {
      var c = el("button", "chip", TYPES[m.type].glyph + " " + m.label);
      c.type = "button"; c.style.borderColor = colorOf(m);
      c.addEventListener("click", function () { focusNode(m.id); });
      chips.appendChild(c);
    });
    body.appendChild(chips);
  }

  // ------------------------------------------------------------ search
  function find(text) {
    var q = String(text || "").trim();
    if (!q) return null;
    var exact = data.nodes.filter(function (n) { return n.full === q || n.label === q || n.aliases.indexOf(q) >= 0; });
    var hits = exact.length ? exact : data.nodes.filter(function (n) {
      return n.full.indexOf(q) >= 0 || n.aliases.some(function (a) { return a.indexOf(q) >= 0; });
    });
    hits.sort(function (a, b) { return (a.type === "article") - (b.type === "article") || b.value - a.value; });
    return hits.length ? hits[0].id : null;
  }
  function focusNode(id) {
    var n = byId.get(id);
    if (!nodeVisible(n)) {  // shown on request even when a filter hid it
      state.types.add(n.type); if (n.family) state.families.add(n.family); if (n.ekind) state.kinds.add(n.ekind);
      state.from = ""; state.to = ""; syncFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
    if (big) labelViewport();
    openPanel(id);
  }
  api.find = find; api.focusNode = focusNode; api.openPanel = openPanel;
  var names = $("kg-names");
  data.nodes.slice().sort(function (a, b) { return b.value - a.value; }).slice(0, 3000).forEach(function (n) {
    var o = document.createElement("option"); o.value = n.full; names.appendChild(o);
  });
  $("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var id = find($("kg-search").value);
    $("kg-search-message").textContent = id === null ? "未找到" : "";
    if (id !== null) focusNode(id);
  });

  // ------------------------------------------------------------ legend and filters
  function buildLegend() {
    var legend = $("kg-legend"), counts = {};
    data.nodes.forEach(function (n) { counts[n.type] = (counts[n.type] || 0) + 1; });
    meta.types.forEach(function (t) {
      if (!counts[t[0]]) return;
      var label = el("label"), box = el("input"), glyph = el("span", "glyph", t[4]);
      box.type = "checkbox"; box.checked = true; box.value = t[0]; box.className = "kg-type";
      box.addEventListener("change", function () {
        if (box.checked) state.types.add(t[0]); else state.types.delete(t[0]);
        refresh();
      });
      glyph.style.color = meta.communities ? "#666" : t[2];
      label.append(box, glyph, t[1] + " ", el("span", "count", "(" + counts[t[0]] + ")"));
      legend.appendChild(label);
    });
    familyLegend(legend);
    kindLegend(legend, "organization", "机构类别：");
    kindLegend(legend, "place", "地点类别：");
    if (meta.communities) legend.appendChild(el("span", "count", "颜色：" + meta.communities + " 个社区（Louvain）"));
  }
  // The event families the page holds, each with its colour, count and filter.
  function familyLegend(legend) {
    var counts = {};
    data.nodes.forEach(function (n) { if (n.family) counts[n.family] = (counts[n.family] || 0) + 1; });
    var shown = meta.families.filter(function (f) { return counts[f[0]]; });
    filterGroup(legend, "kg-families", "事件类别：", TYPES.event.glyph, shown, counts, "families", "kg-family");
  }
  // The kinds of organization (or place) the page holds, each with its colour, count and filter.
  function kindLegend(legend, type, title) {
    var counts = {};
    data.nodes.forEach(function (n) { if (n.ekind && n.type === type) counts[n.ekind] = (counts[n.ekind] || 0) + 1; });
    var shown = meta.kinds.filter(function (k) { return k[3] === type && counts[k[0]]; });
    filterGroup(legend, "kg-kinds kg-kinds-" + type, title, TYPES[type].glyph, shown, counts, "kinds", "kg-kind");
  }
  // A legend group of checkboxes, one an entry ([key, label, colour]), each adding its key to
  // (or taking it from) the filter set state[filter] (looked up at each change: reset replaces it).
  function filterGroup(legend, cls, title, glyphText, entries, counts, filter, boxClass) {
    if (!entries.length) return;
    var group = el("span", cls);
    group.appendChild(el("span", "count", title));
    entries.forEach(function (e) {
      var label = el("label"), box = el("input"), glyph = el("span", "glyph", glyphText);
      box.type = "checkbox"; box.checked = true; box.value = e[0]; box.className = boxClass;
      box.addEventListener("change", function () {
        if (box.checked) state[filter].add(e[0]); else state[filter].delete(e[0]);
        refresh();
      });
      glyph.style.color = meta.communities ? "#666" : e[2];
      label.append(box, glyph, e[1] + " ", el("span", "count", "(" + counts[e[0]] + ")"));
      group.appendChild(label);
    });
    legend.appendChild(group);
  }
  function syncFilters() {
    document.querySelectorAll("input.kg-type").forEach(function (b) { b.checked = state.types.has(b.value); });
    document.querySelectorAll("input.kg-family").forEach(function (b) { b.checked = state.families.has(b.value); });
    document.querySelectorAll("input.kg-kind").forEach(function (b) { b.checked = state.kinds.has(b.value); });
    $("kg-from").value = state.from; $("kg-to").value = state.to;
    refresh();
  }
  function refresh() {
    nodeView.refresh(); edgeView.refresh();
    if (api.panelNode !== undefined && !panel.hidden) openPanel(api.panelNode);
  }
  buildLegend();
  if (meta.dateMin) {
    ["kg-from", "kg-to"].forEach(function (id) { $(id).min = meta.dateMin; $(id).max = meta.dateMax; });
    $("kg-from").addEventListener("change", function () { state.from = this.value; refresh(); });
    $("kg-to").addEventListener("change", function () { state.to = this.value; refresh(); });
  } else {
    $("kg-dates").hidden = true;
  }
  $("kg-reset").addEventListener("click", function () {
    state.types = new Set(Object.keys(TYPES)); state.families = new Set(Object.keys(FAMILIES));
    state.kinds = new Set(Object.keys(KINDS));
    state.from = ""; state.to = ""; syncFilters();
  });
  api.setDates = function (from, to) { state.from = from || ""; state.to = to || ""; syncFilters(); };
  api.setTypes = function (list) { state.types = new Set(list); syncFilters(); };
  api.setFamilies = function (list) { state.families = new Set(list); syncFilters(); };
  api.setKinds = function (list) { state.kinds = new Set(list); syncFilters(); };
})();
