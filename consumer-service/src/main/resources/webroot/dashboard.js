// Live dashboard: one snapshot a second from /events (server-sent events; the last five minutes arrive first), the
// pipeline as a flow, uPlot charts over the last five minutes (a Kafka lag chart once the consumer reports Kafka
// intake), the producers' burst periods shaded when they report them. window.burstpipe exposes the state for anyone
// (and any test) that wants to look.
(function () {
  "use strict";
  const WINDOW_POINTS = 300;
  const FINE_POINTS = 3000;
  // the queue depth ten times a second: the lowest and highest of each 100 ms (the `depth` events)
  const fine = { t: [], max: [], min: [], capacity: [] };
  const series = {
    t: [],
    offered: [], offeredReported: [], in: [], accepted: [], stored: [],
    heldBack: [], senderInflight: [], consumerInflight: [], retries: [], refused: [],
    storeP50: [], storeP99: [], e2eP50: [], e2eP99: [], delayP50: [], delayP99: [],
    lag: [], kafkaPaused: []
  };
  // intended: messages taken in per epoch second of their intended send time (late arrivals revise it);
  // bursts: the reporting producers' burst schedules, shaded on every chart
  const state = { updates: 0, last: null, charts: {}, marks: [], intended: new Map(), bursts: [], offeredSource: null };
  window.burstpipe = state;

  const pad = n => String(n).padStart(2, "0");
  const clock = secs => { const d = new Date(secs * 1000); return pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()); };
  const lastOf = arr => { for (let i = arr.length - 1; i >= 0; i--) { if (arr[i] != null) { return arr[i]; } } return null; };
  const num = v => v == null ? "--" : Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en") : (+v.toFixed(2)).toString();

  // A series' legend shows the value under the cursor, or the latest value when the cursor is elsewhere.
  function legendValue(unit) {
    return (u, v, sidx, idx) => num(idx == null ? lastOf(u.data[sidx]) : v) + (unit ? " " + unit : "");
  }

  // Control changes (pause, policy, store knobs) as dashed vertical lines with their label, on every chart.
  function drawMarks(u) {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = "#8a2be2";
    ctx.fillStyle = "#8a2be2";
    ctx.setLineDash([4, 4]);
    ctx.textAlign = "left";
    ctx.textBaseline = "alphabetic";
    ctx.font = (11 * devicePixelRatio) + "px system-ui, sans-serif";
    state.marks.forEach((m, i) => {
      const x = Math.round(u.valToPos(m.time / 1000, "x", true));
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) {
        return;
      }
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      ctx.fillText(m.what, x + 3, u.bbox.top + (12 + 13 * (i % 4)) * devicePixelRatio); // close marks stack
    });
    ctx.restore();
  }

  // The producers' burst periods ("on" of an on/off profile) as a light band behind the series.
  function drawBursts(u) {
    const ctx = u.ctx;
    const [lo, hi] = [u.scales.x.min, u.scales.x.max];
    if (lo == null || hi == null) {
      return;
    }
    ctx.save();
    ctx.fillStyle = "rgba(255, 165, 0, 0.2)";
    state.bursts.slice(0, 4).forEach(b => {
      const period = (b.onMillis + b.offMillis) / 1000;
      const start = b.startMillis / 1000;
      for (let k = Math.max(0, Math.floor((lo - start) / period)); start + k * period < hi; k++) {
        const from = Math.max(lo, start + k * period);
        const to = Math.min(hi, start + k * period + b.onMillis / 1000);
        if (to > from) {
          const x0 = u.valToPos(from, "x", true);
          ctx.fillRect(x0, u.bbox.top, u.valToPos(to, "x", true) - x0, u.bbox.height);
        }
      }
    });
    ctx.restore();
  }

  // opts: unit (y axis and legend), onOff (index of a 0/1 series drawn as steps on a right-hand axis), dash
  // (indexes drawn dashed and wider, so a line that coincides with another stays visible), right (indexes on a
  // second axis on the right, with rightUnit)
  function chart(id, labels, keys, colors, opts) {
    opts = opts || {};
    const el = document.getElementById(id);
    const seriesOpts = labels.map((label, i) => {
      const s = { label: label, stroke: colors[i], width: 2, value: legendValue(i === opts.onOff ? "" : opts.unit) };
      if (i === opts.onOff) {
        Object.assign(s, { scale: "onOff", paths: uPlot.paths.stepped({ align: 1 }),
          value: (u, v, sidx, idx) => (idx == null ? lastOf(u.data[sidx]) : v) === 1 ? labels[i] : "no" });
      }
      if ((opts.dash || []).includes(i)) {
        Object.assign(s, { dash: [8, 5], width: 3 });
      }
      if ((opts.right || []).includes(i)) {
        Object.assign(s, { scale: "right", value: legendValue(opts.rightUnit) });
      }
      return s;
    });
    const uopts = {
      width: Math.max(520, el.clientWidth || 560), height: 220,
      hooks: { drawClear: [drawBursts], draw: [drawMarks] },
      series: [{ label: "time", value: (u, v, sidx, idx) => { const t = idx == null ? lastOf(u.data[0]) : v; return t == null ? "--" : clock(t); } }]
        .concat(seriesOpts),
      axes: [{ values: (u, splits) => splits.map(clock), space: 70, incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300] }, { size: 70, label: opts.unit, labelSize: 18 }]
        .concat(opts.onOff === undefined ? [] : [{ scale: "onOff", side: 1, size: 70,
          splits: () => [0, 1], values: (u, splits) => splits.map(v => v === 1 ? labels[opts.onOff] : "no") }])
        .concat(opts.right ? [{ scale: "right", side: 1, size: 70, label: opts.rightUnit, labelSize: 18,
          grid: { show: false } }] : []),
      scales: Object.assign({ x: { time: true } }, opts.onOff === undefined ? {} : { onOff: { range: [0, 1.2] } },
        opts.right ? { right: { range: opts.rightRange || ((u, min, max) => [0, Math.max(1, max * 1.1)]) } } : {})
    };
    const from = opts.fine ? fine : series;
    const data = () => [from.t].concat(keys.map(k => from[k]));
    state.charts[id] = { plot: new uPlot(uopts, data(), el), keys: keys, data: data };
  }

  chart("chart-queue", ["highest in 100 ms", "lowest in 100 ms", "capacity"],
        ["max", "min", "capacity"], ["#d62728", "#1f77b4", "#777"], { unit: "messages", dash: [2], fine: true });
  chart("chart-rates", ["offered", "in", "accepted", "stored"], ["offered", "in", "accepted", "stored"],
        ["#8c564b", "#ff7f0e", "#1f77b4", "#2ca02c"], { unit: "msgs/s", dash: [0, 2] });
  chart("chart-store", ["p50", "p99"], ["storeP50", "storeP99"], ["#2ca02c", "#d62728"], { unit: "ms" });
  chart("chart-e2e", ["p50", "p99"], ["e2eP50", "e2eP99"], ["#2ca02c", "#d62728"], { unit: "ms" });
  chart("chart-delay", ["p50", "p99", "held back"], ["delayP50", "delayP99", "heldBack"], ["#9467bd", "#d62728", "#ff7f0e"],
        { unit: "ms", right: [2], rightUnit: "%", rightRange: [0, 105] });
  chart("chart-requests", ["producers' in flight", "at the consumer", "retries", "refused (429)"],
        ["senderInflight", "consumerInflight", "retries", "refused"], ["#1f77b4", "#17becf", "#d62728", "#ff7f0e"],
        { unit: "requests", right: [2, 3], rightUnit: "requests/s", dash: [1] });

  function push(key, value) {
    series[key].push(value);
    if (series[key].length > WINDOW_POINTS) {
      series[key].shift();
    }
  }

  // The pipeline now, stage by stage, from this snapshot and the one before (for per-second counts). The stage
  // the bottleneck readout names is marked; an arrow turns back where push-back is happening.
  function flow(s, prev) {
    const set = (id, value, detail) => {
      const el = document.getElementById(id);
      el.querySelector(".value").textContent = value;
      el.querySelector(".detail").textContent = detail;
    };
    const secs = prev ? Math.max(0.001, (s.time - prev.time) / 1000) : 1;
    const per = (f) => prev ? Math.max(0, (f(s) - f(prev)) / secs) : 0;
    const r = s.ratePerSec || { in: 0, accepted: 0, stored: 0 };
    const delay = s.sendDelayMs || { p99: 0 };
    const b = s.bottleneck || { stage: "unknown" };
    const p = s.senders;
    const offered = lastOf(series.offered);
    set("flow-senders", (offered == null ? num(r.in) + " msgs/s in" : num(offered) + " msgs/s offered"),
      (p ? (b.sendersHeldBack != null ? "held back " + Math.round(100 * b.sendersHeldBack) + "% of the last "
        + Math.round(b.windowSeconds) + " s\n" : "") + "in flight " + p.inflight + "/" + p.window + " requests, retries "
        + num(p.retriesPerSec) + "/s\n" : "offered: by intended send time\n")
      + "send delay p99 " + num(delay.p99) + " ms (intended send \u2192 arrival)");
    set("flow-intake", num(r.accepted) + " msgs/s accepted",
      "rejected " + num(per(x => x.messages.rejected)) + "/s, dropped " + num(per(x => x.messages.dropped)) + "/s\n"
      + s.batches.inflight + " requests in flight");
    const cap = s.queue.capacity;
    const lo = s.depthMin != null ? s.depthMin : s.queue.depth;
    const hi = s.depthMax != null ? s.depthMax : s.queue.depth;
    document.querySelector("#flow-queue .fill").style.width = (100 * s.queue.depth / cap) + "%";
    const range = document.querySelector("#flow-queue .range");
    range.style.left = (100 * lo / cap) + "%";
    range.style.width = (100 * (hi - lo) / cap) + "%";
    set("flow-queue", s.queue.depth + "/" + cap, "last second " + lo + "\u2013" + hi + ", high-water " + s.queue.highWater);
    const batches = per(x => x.work.storeBatches);
    set("flow-writers", Math.round(100 * (s.storeBusy || 0)) + "% busy",
      "last second; " + (b.storeBusyWhileLoaded != null ? Math.round(100 * b.storeBusyWhileLoaded) + "% while work waited"
        + (b.windowSeconds ? " (last " + Math.round(b.windowSeconds) + " s)" : "") + "\n" : "\n")
      + s.work.writers + " writer" + (s.work.writers === 1 ? "" : "s") + ", batch "
      + (batches > 0 ? num(per(x => x.messages.stored + x.messages.duplicates) / batches) : "--") + " msgs");
    const lat = s.storeLatencyMs || { p50: 0, p99: 0 };
    set("flow-store", num(r.stored) + " msgs/s stored", "write p50 " + num(lat.p50) + " ms, p99 " + num(lat.p99)
      + " ms\nfailed writes " + num(per(x => x.failedWrites)) + "/s");
    const limit = { producer: "flow-senders", transport: "flow-intake", queue: "flow-queue", store: "flow-store" }[b.stage];
    for (const el of document.querySelectorAll("#flow .stage")) {
      el.classList.toggle("limit", el.id === limit || (b.stage === "store" && el.id === "flow-writers"));
    }
    const held = b.meanHeldBack || 0;
    const intakeArrow = document.getElementById("flow-push-intake");
    intakeArrow.classList.toggle("pushing", held >= 0.05);
    intakeArrow.textContent = held >= 0.05 ? num(held) + " waiting for room" : "";
    const sendersArrow = document.getElementById("flow-push-senders");
    const refused = per(x => x.messages.rejected);
    const sendersHeld = b.sendersHeldBack || 0;
    sendersArrow.classList.toggle("pushing", refused > 0 || held >= 0.05 || sendersHeld >= 0.05);
    sendersArrow.textContent = refused > 0 ? "429: " + num(refused) + "/s refused"
      : sendersHeld >= 0.05 ? "senders held back " + Math.round(100 * sendersHeld) + "%"
      : held >= 0.05 ? "answers held back" : "";
  }

  // Offered load: the producers' own schedules when they report; otherwise messages per second of intended send
  // time, revised as late messages arrive (each point shows the last full second before its snapshot).
  function offeredLoad(s) {
    const o = s.offeredByIntent;
    if (o) {
      o.counts.forEach((c, k) => state.intended.set(o.fromSecond + k, c));
      for (const key of state.intended.keys()) {
        if (key < o.fromSecond + o.counts.length - 400) {
          state.intended.delete(key);
        }
      }
    }
    for (let i = 0; i < series.t.length; i++) {
      const reported = series.offeredReported[i];
      series.offered[i] = reported != null ? reported : (state.intended.get(Math.floor(series.t[i]) - 1) || 0);
    }
    state.bursts = s.senders ? s.senders.bursts : [];
    const source = s.senders ? "the producers' own schedules (" + s.senders.profiles.join("; ") + ")"
      : "the messages' intended send times";
    if (source !== state.offeredSource) {
      state.offeredSource = source;
      document.getElementById("offered-source").textContent = source;
    }
  }

  function redraw(c) {
    c.plot.setData(c.data());
    if (c.plot.cursor.idx == null) {
      c.plot.setLegend({ idx: null });
    }
  }

  // One point of the fine depth series; the capacity is the latest snapshot's.
  function depth(p) {
    const t = p.t / 1000;
    if (fine.t.length && t <= fine.t[fine.t.length - 1]) {
      return; // a reconnect sends the kept points again
    }
    fine.t.push(t);
    fine.max.push(p.max);
    fine.min.push(p.min);
    fine.capacity.push(state.last ? state.last.queue.capacity : null);
    if (fine.t.length > FINE_POINTS) {
      Object.values(fine).forEach(a => a.shift());
    }
  }

  // one snapshot; a reconnect sends the history again, so what is not newer than the last one is skipped
  function update(s) {
    if (state.last && s.time <= state.last.time) {
      return;
    }
    push("t", s.time / 1000);
    for (let i = fine.capacity.length - 1; i >= 0 && fine.capacity[i] == null; i--) {
      fine.capacity[i] = s.queue.capacity; // the kept points came before the first snapshot
    }
    const sender = key => s.senders && s.senders[key] != null ? s.senders[key] : null; // rates: after two reports
    push("offeredReported", sender("offeredPerSec"));
    push("offered", null);
    push("heldBack", sender("heldBack") == null ? null : 100 * sender("heldBack"));
    push("senderInflight", sender("inflight"));
    push("consumerInflight", s.batches.inflight);
    push("retries", sender("retriesPerSec"));
    push("refused", sender("rejectedPerSec"));
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
    offeredLoad(s);
    if (s.kafka && !state.charts["chart-kafka"]) {
      document.getElementById("kafka-figure").hidden = false;
      chart("chart-kafka", ["lag", "paused"], ["lag", "kafkaPaused"], ["#8c564b", "#d62728"],
            { unit: "messages", onOff: 1 });
    }
    for (const c of Object.values(state.charts)) {
      redraw(c);
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
    flow(s, state.last);
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
  events.addEventListener("depths", e => {
    const d = JSON.parse(e.data);
    d.t.forEach((t, i) => depth({ t: t, min: d.min[i], max: d.max[i] }));
  });
  events.addEventListener("depth", e => {
    depth(JSON.parse(e.data));
    redraw(state.charts["chart-queue"]);
  });
  events.addEventListener("mark", e => {
    const m = JSON.parse(e.data);
    if (!state.marks.some(k => k.time === m.time && k.what === m.what)) { // a reconnect sends them again
      state.marks.push(m);
      Object.values(state.charts).forEach(c => c.plot.redraw(false));
    }
  });

  // The controls: the token is asked for once and kept for this tab; every change answers in the status line.
  const token = document.getElementById("token");
  token.value = sessionStorage.getItem("burstpipe-token") || "";
  const result = document.getElementById("control-result");
  async function control(action, params) {
    if (!token.value) {
      result.textContent = "enter the consumer's --control-token first";
      result.className = "error";
      token.focus();
      return;
    }
    sessionStorage.setItem("burstpipe-token", token.value);
    const query = params ? "?" + new URLSearchParams(params) : "";
    try {
      const r = await fetch("/control/" + action + query, { method: "POST", headers: { Authorization: "Bearer " + token.value } });
      const body = await r.json();
      result.textContent = r.ok ? "done: " + action + (params ? " " + new URLSearchParams(params) : "") : body.error;
      result.className = r.ok ? "" : "error";
      state.lastControl = { status: r.status, body: body };
    } catch (err) {
      result.textContent = "control failed: " + err;
      result.className = "error";
    }
  }
  const value = id => document.getElementById(id).value.trim();
  document.getElementById("pause").onclick = () => control("pause");
  document.getElementById("resume").onclick = () => control("resume");
  document.getElementById("apply-policy").onclick = () => control("policy", { value: value("policy") });
  document.getElementById("apply-store").onclick = () => control("store",
    { latency: value("latency"), jitter: value("jitter"), "failure-rate": value("failure-rate") });
  events.onerror = () => {
    const status = document.getElementById("status");
    status.textContent = "disconnected (retrying)";
    status.className = "disconnected";
  };
})();
