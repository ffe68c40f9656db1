// Live dashboard: one snapshot a second from /events (server-sent events), five uPlot charts over the
// last five minutes, and a sixth for the Kafka lag once the consumer reports Kafka intake. window.burstpipe exposes the state for anyone (and any test) that wants to look.
(function () {
  "use strict";
  const WINDOW_POINTS = 300;
  const series = {
    t: [], depth: [], capacity: [], highWater: [],
    in: [], accepted: [], stored: [],
    storeP50: [], storeP99: [], e2eP50: [], e2eP99: [], delayP50: [], delayP99: [],
    lag: [], kafkaPaused: []
  };
  const state = { updates: 0, last: null, charts: {} };
  window.burstpipe = state;

  // onOff: the index of a series that is 0 or 1, drawn as steps against a right-hand axis of its own
  function chart(id, labels, keys, colors, onOff) {
    const el = document.getElementById(id);
    const opts = {
      width: Math.max(520, el.clientWidth || 560), height: 220,
      series: [{}].concat(labels.map((label, i) => i === onOff
        ? { label: label, stroke: colors[i], width: 2, scale: "onOff", paths: uPlot.paths.stepped({ align: 1 }) }
        : { label: label, stroke: colors[i], width: 2 })),
      axes: [{}, { size: 60 }].concat(onOff === undefined ? [] : [{ scale: "onOff", side: 1, size: 70,
        splits: () => [0, 1], values: (u, splits) => splits.map(v => v === 1 ? labels[onOff] : "no") }]),
      scales: onOff === undefined ? { x: { time: true } } : { x: { time: true }, onOff: { range: [0, 1.2] } }
    };
    const data = [series.t].concat(keys.map(k => series[k]));
    state.charts[id] = { plot: new uPlot(opts, data, el), keys: keys };
  }

  chart("chart-queue", ["depth", "capacity", "high-water"], ["depth", "capacity", "highWater"],
        ["#1f77b4", "#999", "#d62728"]);
  chart("chart-rates", ["in", "accepted", "stored"], ["in", "accepted", "stored"], ["#ff7f0e", "#1f77b4", "#2ca02c"]);
  chart("chart-store", ["p50", "p99"], ["storeP50", "storeP99"], ["#2ca02c", "#d62728"]);
  chart("chart-e2e", ["p50", "p99"], ["e2eP50", "e2eP99"], ["#2ca02c", "#d62728"]);
  chart("chart-delay", ["p50", "p99"], ["delayP50", "delayP99"], ["#9467bd", "#d62728"]);

  function push(key, value) {
    series[key].push(value);
    if (series[key].length > WINDOW_POINTS) {
      series[key].shift();
    }
  }

  function update(s) {
    push("t", s.time / 1000);
    push("depth", s.queue.depth);
    push("capacity", s.queue.capacity);
    push("highWater", s.queue.highWater);
    push("in", s.ratePerSec.in);
    push("accepted", s.ratePerSec.accepted);
    push("stored", s.ratePerSec.stored);
    push("storeP50", s.storeLatencyMs.p50);
    push("storeP99", s.storeLatencyMs.p99);
    push("e2eP50", s.endToEndMs.p50);
    push("e2eP99", s.endToEndMs.p99);
    push("delayP50", s.sendDelayMs.p50);
    push("delayP99", s.sendDelayMs.p99);
    push("lag", s.kafka ? s.kafka.lag : null);
    push("kafkaPaused", s.kafka ? (s.kafka.paused ? 1 : 0) : null);
    if (s.kafka && !state.charts["chart-kafka"]) {
      document.getElementById("kafka-figure").hidden = false;
      chart("chart-kafka", ["lag", "paused"], ["lag", "kafkaPaused"], ["#8c564b", "#d62728"], 1);
    }
    for (const c of Object.values(state.charts)) {
      c.plot.setData([series.t].concat(c.keys.map(k => series[k])));
    }
    const m = s.messages;
    document.getElementById("counters").innerHTML = [
      ["queue", s.queue.depth + "/" + s.queue.capacity], ["high-water", s.queue.highWater],
      ["received", m.received], ["accepted", m.accepted], ["stored", m.stored], ["duplicates", m.duplicates],
      ["rejected", m.rejected], ["dropped", m.dropped], ["failed writes", s.failedWrites],
      ["in flight", s.batches.inflight], ["policy", s.policy]
    ].concat(s.kafka ? [["kafka", s.kafka.paused ? "paused" : "fetching"], ["lag", s.kafka.lag],
                        ["lag by partition", Object.entries(s.kafka.partitionLag).map(([p, l]) => p + ":" + l)
                          .join(" ") || "none assigned"],
                        ["pauses", s.kafka.pauses], ["resumes", s.kafka.resumes],
                        ["undecodable", s.kafka.undecodable], ["dead-lettered", s.kafka.deadLettered]] : []).map(([k, v]) => "<span>" + k + " <b>" + v + "</b></span>").join("");
    const now = document.getElementById("now");
    if (s.bottleneck) {
      now.className = s.bottleneck.stage;
      now.innerHTML = "";
      const stage = document.createElement("b");
      stage.textContent = s.bottleneck.stage === "none" ? "nothing limits" : s.bottleneck.stage + "-bound";
      now.append(stage, ": " + s.bottleneck.reason + (s.bottleneck.windowSeconds ? " (last "
        + Math.round(s.bottleneck.windowSeconds) + " s)" : ""));
    }
    const status = document.getElementById("status");
    status.textContent = s.stopping ? "stopping" : s.paused ? "paused" : "running";
    status.className = s.stopping ? "stopping" : s.paused ? "paused" : "";
    state.last = s;
    state.updates += 1;
  }

  const events = new EventSource("/events");
  events.onmessage = e => update(JSON.parse(e.data));
  events.onerror = () => {
    const status = document.getElementById("status");
    status.textContent = "disconnected (retrying)";
    status.className = "disconnected";
  };
})();
