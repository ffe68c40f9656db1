(function () {
  'use strict';
  var sweep = JSON.parse(document.getElementById('data').textContent);
  var charts = [];
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
  var el = burstpipe.el;
  var fmt = burstpipe.fmt;
  var rows = sweep.settings || [];

  document.getElementById('headline').textContent = sweep.knob + ' swept against ' + (sweep.target || '') + ' · seed '
      + sweep.seed + ' · goal: ' + sweep.goalText;
  var verdict = document.getElementById('verdict');
  verdict.textContent = 'Recommendation ' + sweep.recommendation;
  verdict.className = 'verdict ' + (sweep.recommended ? 'pass' : 'fail');

  var kafka = rows.some(function (r) { return r.kafkaPauses !== null && r.kafkaPauses !== undefined; });
  var heads = [sweep.knob, 'p99 ms', 'max ms', 'delivered/s', 'dropped', 'refused', 'not delivered %',
    'acked, not stored', 'held back', 'send delay p99 ms', 'drain ms'];
  var table = burstpipe.table(heads.concat(kafka ? ['Kafka pauses'] : [], ['Pareto front', 'thresholds']),
    rows.map(function (r) {
      return [r.value + (r.recommended ? ' (recommended)' : ''), fmt(r.p99Ms, 2), fmt(r.maxMs, 2),
        fmt(r.deliveredPerSec, 1), r.dropped, r.refused, fmt(100 * r.undeliveredShare, 2), r.notStored, r.heldBack,
        fmt(r.sendDelayP99Ms, 2), r.drainMillis].concat(kafka ? [r.kafkaPauses] : [],
        [r.onFront ? 'yes' : '', r.passed ? 'passed' : 'FAILED']);
    }));
  Array.prototype.forEach.call(table.querySelectorAll('tr'), function (tr, i) {
    if (i > 0 && rows[i - 1].recommended) { tr.className = 'recommended'; }
  });
  document.getElementById('summary').appendChild(table);

  // the trade-off as a scatter: one point per setting, the front ringed and joined
  (function tradeoff() {
    var W = 600;
    var H = 300;
    var pad = { l: 60, r: 20, t: 15, b: 45 };
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', W);
    svg.setAttribute('height', H);
    svg.setAttribute('id', 'tradeoff');
    function node(tag, attrs, text) {
      var e = document.createElementNS(ns, tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) { e.textContent = text; }
      svg.appendChild(e);
      return e;
    }
    var axes = sweep.front || { x: 'p99Ms', xLabel: 'p99 ms', y: 'undeliveredPercent', yLabel: 'not delivered %' };
    if (axes.x === 'drainMillis') {
      document.getElementById('tradeoff-caption').textContent = 'The trade-off: the group\'s drain after the last '
          + 'send (ms) against how often the consumer paused its partitions; ringed: the Pareto front';
      document.getElementById('p99-caption').textContent = 'p99 latency to the broker\'s acknowledgement in each '
          + 'measured second, per setting (ms): the consumer does not answer the sends';
    }
    function vx(r) { return Math.max(0, r[axes.x]); }
    function vy(r) { return Math.max(0, r[axes.y]); }
    var maxX = Math.max.apply(null, rows.map(vx).concat([1])) * 1.1;
    var maxY = Math.max.apply(null, rows.map(vy).concat([1])) * 1.15;
    function x(v) { return pad.l + (W - pad.l - pad.r) * v / maxX; }
    function y(v) { return H - pad.b - (H - pad.t - pad.b) * v / maxY; }
    node('line', { x1: pad.l, y1: H - pad.b, x2: W - pad.r, y2: H - pad.b, stroke: '#888' });
    node('line', { x1: pad.l, y1: pad.t, x2: pad.l, y2: H - pad.b, stroke: '#888' });
    for (var i = 0; i <= 4; i++) {
      node('text', { x: x(maxX * i / 4), y: H - pad.b + 16, 'text-anchor': 'middle' }, fmt(maxX * i / 4, 0));
      node('text', { x: pad.l - 6, y: y(maxY * i / 4) + 4, 'text-anchor': 'end' }, fmt(maxY * i / 4, 1));
    }
    node('text', { x: (W + pad.l) / 2, y: H - 6, 'text-anchor': 'middle' }, axes.xLabel);
    node('text', { x: 14, y: (H - pad.b) / 2, transform: 'rotate(-90 14 ' + (H - pad.b) / 2 + ')',
      'text-anchor': 'middle' }, axes.yLabel);
    var front = rows.filter(function (r) { return r.onFront; }).sort(function (a, b) { return vx(a) - vx(b); });
    if (front.length > 1) {
      node('polyline', { points: front.map(function (r) { return x(vx(r)) + ',' + y(vy(r)); })
        .join(' '), fill: 'none', stroke: '#2ca02c', 'stroke-dasharray': '5,4' });
    }
    // labels right of their points, moved down a line at a time until they clear the ones placed before
    var placed = [];
    function free(lx, ly) {
      return placed.every(function (p) { return Math.abs(p[0] - lx) > 90 || Math.abs(p[1] - ly) > 14; });
    }
    rows.forEach(function (r, k) {
      var cx = x(vx(r));
      var cy = y(vy(r));
      if (r.onFront) { node('circle', { cx: cx, cy: cy, r: 10, fill: 'none', stroke: '#2ca02c', 'stroke-width': 2 }); }
      node('circle', { cx: cx, cy: cy, r: 5, fill: COLORS[k % COLORS.length], 'class': 'setting' });
      var ly = cy - 8;
      while (!free(cx + 12, ly)) { ly += 14; }
      placed.push([cx + 12, ly]);
      node('text', { x: cx + 12, y: ly, style: 'fill:' + COLORS[k % COLORS.length] }, r.value + (r.recommended ? ' ★' : ''));
    });
    document.getElementById('chart-tradeoff').appendChild(svg);
  })();

  var len = Math.max.apply(null, rows.map(function (r) { return r.p99PerSecond.length; }).concat([0]));
  var t = [];
  for (var k = 0; k < len; k++) { t.push(k + 1); }
  burstpipe.plot(charts, 'chart-p99', { scales: { x: { time: false } },
    axes: [{ label: 'measured second' }, { label: 'ms' }],
    series: [{ label: 's' }].concat(rows.map(function (r, i) { return { label: r.value, stroke: COLORS[i % COLORS.length] }; }))
  }, [t].concat(rows.map(function (r) {
    return t.map(function (_, i) { return i < r.p99PerSecond.length ? r.p99PerSecond[i] : null; });
  })));
  window.burstpipeReport = { charts: charts, data: sweep, ready: true };
})();
