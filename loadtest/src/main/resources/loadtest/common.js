// What the load-test pages share: building tables, formatting figures, and the latency-distribution chart's axis.
var burstpipe = (function () {
  'use strict';
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  // a cell is a value, or {text, cls} for a value with a class
  function table(head, rows) {
    var t = el('table');
    var tr = el('tr');
    head.forEach(function (h) { tr.appendChild(el('th', h)); });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (c) {
        var cell = c !== null && typeof c === 'object' ? c : { text: c };
        row.appendChild(el('td', cell.text === null || cell.text === undefined ? '' : String(cell.text), cell.cls));
      });
      t.appendChild(row);
    });
    return t;
  }
  function fmt(v, d) { return typeof v === 'number' ? v.toFixed(d === undefined ? 1 : d) : v; }
  // x: how many nines (log10(1 / (1 - percentile))), so the tail is spread out as in HdrHistogram's plots
  function nines(p) { return p >= 100 ? 6 : Math.min(6, Math.log10(100 / (100 - p))); }
  // distributions ([percentile, ms, count] rows) on one x axis of nines: [xs, ys of the first, ys of the second, ...]
  function onNines(distributions) {
    var xs = {};
    distributions.forEach(function (rows) { rows.forEach(function (r) { xs[nines(r[0]).toFixed(4)] = true; }); });
    var xv = Object.keys(xs).map(Number).sort(function (a, b) { return a - b; });
    return [xv].concat(distributions.map(function (rows) {
      var map = {};
      rows.forEach(function (r) { map[nines(r[0]).toFixed(4)] = r[1]; });
      return xv.map(function (x) { var v = map[x.toFixed(4)]; return v === undefined ? null : v; });
    }));
  }
  var percentileAxis = { label: 'percentile', values: function (u, vals) {
    return vals.map(function (v) { return (100 - 100 / Math.pow(10, v)).toPrecision(Math.max(2, Math.ceil(v) + 1)) + '%'; });
  } };
  function width(id) {
    var w = document.getElementById(id).parentNode.clientWidth;
    return Math.max(500, Math.min(900, w || 600));
  }
  // a uPlot chart in the element with this id, kept in charts
  function plot(charts, id, opts, data) {
    opts.width = width(id);
    opts.height = 260;
    var u = new uPlot(opts, data, document.getElementById(id));
    charts.push(u);
    return u;
  }
  // uPlot hooks that draw each mark ({t: seconds, label}) as a dashed vertical line with its label at the top
  function markHooks(marks) {
    return { draw: [function (u) {
      var ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = '#9467bd';
      ctx.fillStyle = '#9467bd';
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.font = (11 * devicePixelRatio) + 'px system-ui, sans-serif';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      (marks || []).forEach(function (m, i) {
        var x = u.valToPos(m.t, 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) { return; }
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        // three rows of labels, so marks close together stay readable
        ctx.fillText(m.label, x + 4 * devicePixelRatio, u.bbox.top + (2 + 13 * (i % 3)) * devicePixelRatio);
      });
      ctx.restore();
    }] };
  }
  return { el: el, table: table, fmt: fmt, onNines: onNines, percentileAxis: percentileAxis, plot: plot,
    markHooks: markHooks };
})();
