(function () {
  'use strict';
  var cmp = JSON.parse(document.getElementById('data').textContent);
  var charts = [];
  var BASE = '#1f77b4';
  var NEW = '#d62728';

  var el = burstpipe.el;
  var table = burstpipe.table;
  var fmt = burstpipe.fmt;
  function num(v) { return typeof v === 'number' && v === Math.round(v) ? String(v) : fmt(v, 2); }
  function pct(v) { return (v >= 0 ? '+' : '') + (100 * v).toFixed(1) + '%'; }

  document.getElementById('runs').textContent = 'BASE ' + cmp.base.source + ' (started ' + cmp.base.startedAt
      + ') · NEW ' + cmp.new.source + ' (started ' + cmp.new.startedAt + ')';
  var verdict = document.getElementById('verdict');
  verdict.textContent = cmp.verdict + (cmp.worse ? ': ' + cmp.reasons.join('; ')
      : (cmp.inconclusive || []).length ? ': ' + cmp.inconclusive.join('; ') : '');
  verdict.className = 'verdict ' + (cmp.worse ? 'fail' : 'pass');

  var notes = document.getElementById('notes');
  if ((cmp.differences || []).length) {
    notes.appendChild(el('p', cmp.sameLoad ? 'The runs had the same load but differ in how it was sent:'
        : 'The runs are not of the same load: the figures say how they differ, not that a change made NEW worse.'));
    notes.appendChild(table(['setting', 'BASE', 'NEW'], cmp.differences.map(function (d) {
      return [d.field, d.base, d.new];
    })));
  }

  var summary = document.getElementById('summary');
  summary.appendChild(table(['delivery', 'BASE', 'NEW', 'verdict'], cmp.delivery.map(function (d) {
    return [d.name, num(d.base), num(d.new), { text: d.worse ? 'worse' : '', cls: d.worse ? 'worse' : '' }];
  })));
  summary.appendChild(table(['latency (ms)', 'BASE', 'NEW', 'change', '95% CI of change', 'verdict'],
      cmp.quantiles.map(function (q) {
        var cls = q.verdict === 'worse' ? 'worse' : q.verdict === 'better' ? 'better'
          : q.verdict === 'inconclusive' ? 'unclear' : '';
        return [q.name + (q.decides ? ' (decides)' : ''), fmt(q.baseMs, 2), fmt(q.newMs, 2), pct(q.change),
          pct(q.ciLow) + ' .. ' + pct(q.ciHigh), { text: q.verdict, cls: cls }];
      })));
  document.getElementById('method').textContent = 'Method: ' + cmp.method + '. Allowed regression: '
      + fmt(100 * cmp.maxRegression, 1) + '%.';

  function plot(id, opts, data) { return burstpipe.plot(charts, id, opts, data); }

  plot('chart-distribution', {
    scales: { x: { time: false } },
    axes: [burstpipe.percentileAxis, { label: 'ms' }],
    series: [{ label: 'nines' }, { label: 'BASE', stroke: BASE, spanGaps: true },
      { label: 'NEW', stroke: NEW, spanGaps: true }]
  }, burstpipe.onNines([cmp.base.distribution, cmp.new.distribution]));

  // the two runs' measured seconds on one axis: second k of BASE beside second k of NEW
  function measured(run) { return (run.series || []).filter(function (p) { return p.phase === 'measure'; }); }
  function overlay(id, name, label) {
    var b = measured(cmp.base);
    var n = measured(cmp.new);
    var len = Math.max(b.length, n.length);
    var t = [];
    var bv = [];
    var nv = [];
    for (var k = 0; k < len; k++) {
      t.push(k + 1);
      bv.push(k < b.length && b[k][name] !== undefined ? b[k][name] : null);
      nv.push(k < n.length && n[k][name] !== undefined ? n[k][name] : null);
    }
    plot(id, { scales: { x: { time: false } }, axes: [{ label: 'measured second' }, { label: label }],
      series: [{ label: 's' }, { label: 'BASE', stroke: BASE }, { label: 'NEW', stroke: NEW }] }, [t, bv, nv]);
  }
  overlay('chart-p99', 'p99', 'ms');
  overlay('chart-acked', 'acked', 'msgs/s');
  window.burstpipeReport = { charts: charts, data: cmp, ready: true };
})();
