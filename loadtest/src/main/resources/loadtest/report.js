(function () {
  'use strict';
  var report = JSON.parse(document.getElementById('data').textContent);
  var charts = [];

  var el = burstpipe.el;
  var table = burstpipe.table;
  var fmt = burstpipe.fmt;

  var series = report.series || [];
  var totals = report.totals || {};
  document.getElementById('headline').textContent = (report.target || '') + ' · ' + (report.profile || '')
      + ' · started ' + (report.startedAt || '')
      + ((report.segments || []).length ? ' · merged from ' + report.segments.length + ' segments' : '')
      + (report.segment && report.segment.count > 1 ? ' · segment ' + report.segment.index + '/' + report.segment.count : '');
  var verdict = document.getElementById('verdict');
  // PASSED only when there was something to pass: a run without thresholds says so, and what went unacknowledged
  var judged = (report.thresholds || []).length > 0;
  verdict.textContent = !report.passed ? ('FAILED' + (report.aborted ? ' (' + report.aborted + ')' : ''))
      : judged ? 'PASSED'
      : 'no thresholds given' + (totals.lost > 0 ? ' · ' + totals.lost + ' messages not acknowledged' : '');
  verdict.className = 'verdict ' + (!report.passed ? 'fail' : judged ? 'pass' : 'unjudged');

  var summary = document.getElementById('summary');
  var lat = (report.latencyMs || {});
  summary.appendChild(table(['', 'sent', 'acked', 'stored', 'lost', 'errors', 'delayed', 'msgs/s', 'target/s', 'MB/s'],
      [['messages', totals.sent, totals.acked, totals.stored, totals.lost, totals.errors, totals.delayed,
        fmt(totals.ratePerSec), fmt(totals.targetRatePerSec), fmt(totals.mbPerSec, 3)]]));
  var latRows = [];
  [['from intended send (corrected)', lat.corrected], ['service time (uncorrected)', lat.service],
   ['send delay', lat.sendDelay]].forEach(function (pair) {
    var l = pair[1] || {};
    latRows.push([pair[0], l.count, fmt(l.avg, 2), fmt(l.p50, 2), fmt(l.p95, 2), fmt(l.p99, 2), fmt(l['p99.9'], 2),
      fmt(l.max, 2)]);
  });
  summary.appendChild(table(['latency (ms)', 'count', 'avg', 'p50', 'p95', 'p99', 'p99.9', 'max'], latRows));

  function plot(id, opts, data) { return burstpipe.plot(charts, id, opts, data); }
  // every fault that fired, drawn on each chart over the run's seconds
  var faultMarks = (report.faults || []).map(function (f) { return { t: f.t, label: f.n + ': ' + f.fault }; });
  function timed(opts) { opts.hooks = burstpipe.markHooks(faultMarks); return opts; }
  var t = series.map(function (p) { return p.t; });
  function col(name) { return series.map(function (p) { return p[name] === undefined ? null : p[name]; }); }
  var secondsAxis = { label: 'seconds' };

  plot('chart-rate', timed({
    scales: { x: { time: false } },
    axes: [secondsAxis, { label: 'msgs/s' }],
    series: [{ label: 's' }, { label: 'target', stroke: '#888', dash: [6, 4] }, { label: 'sent', stroke: '#1f77b4' },
      { label: 'acked', stroke: '#2ca02c' }, { label: 'errors', stroke: '#d62728' }]
  }), [t, col('target'), col('sent'), col('acked'), col('errors')]);

  var queueSeries = [{ label: 's' }, { label: 'queue depth', stroke: '#ff7f0e' },
    { label: 'capacity', stroke: '#888', dash: [6, 4] }];
  var queueData = [t, col('queueDepth'), col('queueCapacity')];
  if (series.some(function (p) { return p.lag !== undefined; })) {
    queueSeries.push({ label: 'group lag', stroke: '#9467bd' });
    queueData.push(col('lag'));
  }
  plot('chart-queue', timed({ scales: { x: { time: false } }, axes: [secondsAxis, { label: 'messages' }],
    series: queueSeries }), queueData);

  plot('chart-latency', timed({
    scales: { x: { time: false } },
    axes: [secondsAxis, { label: 'ms' }],
    series: [{ label: 's' }, { label: 'p50', stroke: '#2ca02c' }, { label: 'p90', stroke: '#1f77b4' },
      { label: 'p99', stroke: '#d62728' }, { label: 'max', stroke: '#555', dash: [4, 4] }]
  }), [t, col('p50'), col('p90'), col('p99'), col('max')]);

  plot('chart-distribution', {
    scales: { x: { time: false } },
    axes: [burstpipe.percentileAxis, { label: 'ms' }],
    series: [{ label: 'nines' }, { label: 'corrected', stroke: '#d62728', spanGaps: true },
      { label: 'service time', stroke: '#1f77b4', spanGaps: true }]
  }, burstpipe.onNines([(report.percentiles || {}).corrected || [], (report.percentiles || {}).service || []]));

  var details = document.getElementById('details');
  if ((report.faults || []).length) {
    details.appendChild(el('h2', 'Faults'));
    details.appendChild(table(['#', 'planned at (s)', 'fired at (s)', 'fault', 'outcome'], report.faults.map(function (f) {
      return [f.n, fmt(f.at, 1), fmt(f.t, 3), f.fault, { text: f.outcome, cls: f.ok ? '' : 'fail' }];
    })));
  }
  if ((report.thresholds || []).length) {
    details.appendChild(el('h2', 'Thresholds'));
    details.appendChild(table(['threshold', 'result', 'value'], report.thresholds.map(function (th) {
      return [th.threshold, th.passed ? 'pass' : 'FAIL', th.detail];
    })));
  }
  if (report.bottleneck) {
    details.appendChild(el('h2', 'Bottleneck: ' + report.bottleneck.stage));
    details.appendChild(el('p', report.bottleneck.reason));
    if (report.bottleneck.littlesLaw) { details.appendChild(el('p', "Little's law: " + report.bottleneck.littlesLaw)); }
    var f = report.bottleneck.figures || {};
    details.appendChild(table(['figure', 'value'], Object.keys(f).map(function (k) { return [k, f[k]]; })));
  }
  if (report.backlog) {
    var b = report.backlog;
    details.appendChild(el('h2', 'Backlog build and drain'));
    details.appendChild(table(['messages sent', 'waiting at resume', 'stored after resume', 'drain time (s)',
      'drain rate (msgs/s)', 'drained'],
      [[b.messages, b.atResume, b.storedAfterResume, fmt(b.drainSeconds, 3), fmt(b.drainRatePerSec), b.drained]]));
  }
  if (report.backlog && (report.backlog.curve || []).length) {
    var curve = report.backlog.curve;
    var fig = el('figure');
    fig.appendChild(el('figcaption', 'Backlog: queue depth, messages unanswered, stored (and group lag), every 100 ms'));
    var div = el('div');
    div.id = 'chart-backlog';
    div.className = 'chart';
    fig.appendChild(div);
    details.appendChild(fig);
    var cs = [{ label: 's' }, { label: 'queue depth', stroke: '#ff7f0e' }, { label: 'unanswered', stroke: '#1f77b4' },
      { label: 'stored', stroke: '#2ca02c' }];
    var cd = [curve.map(function (p) { return p.t; }), curve.map(function (p) { return p.queueDepth; }),
      curve.map(function (p) { return p.outstanding; }), curve.map(function (p) { return p.stored; })];
    if (curve.some(function (p) { return p.lag !== undefined; })) {
      cs.push({ label: 'group lag', stroke: '#9467bd' });
      cd.push(curve.map(function (p) { return p.lag; }));
    }
    plot('chart-backlog', { scales: { x: { time: false } }, axes: [secondsAxis, { label: 'messages' }], series: cs }, cd);
  }
  if ((report.segments || []).length) {
    details.appendChild(el('h2', 'Merged from ' + report.segments.length + ' segments'));
    details.appendChild(el('p', 'Each segment sent its share of one seeded schedule; the figures above are their '
      + 'histograms added and their counters summed. Started within ' + report.startSpreadMillis + ' ms of each other.'
      + ((report.notes || []).length ? ' Note: ' + report.notes.join('; ') + '.' : '')));
    details.appendChild(table(['segment', 'from', 'started', 'sent', 'sent/s', 'p99 ms'],
      report.segments.map(function (s) {
        return [s.segment, s.source, s.startedAt, s.sent, fmt(s.ratePerSec, 1), fmt(s.p99Ms, 2)];
      })));
  }
  if (report.findMax) {
    var fm = report.findMax;
    details.appendChild(el('h2', 'Max sustainable rate: ' + (fm.maxRate > 0 ? fmt(fm.maxRate, 0) + ' msgs/s' : 'none found')));
    details.appendChild(el('p', fm.criteria));
    details.appendChild(table(['step', 'target/s', 'sent/s', 'p50 ms', 'p99 ms', 'max ms', 'lost', 'verdict'],
      fm.steps.map(function (s) {
        return [s.step, fmt(s.targetRate, 0), fmt(s.ratePerSec, 0), fmt(s.p50, 2), fmt(s.p99, 2), fmt(s.max, 2),
          s.lost, s.passed ? 'sustained' : s.reason];
      })));
  }
  window.burstpipeReport = { charts: charts, data: report, ready: true };
})();
