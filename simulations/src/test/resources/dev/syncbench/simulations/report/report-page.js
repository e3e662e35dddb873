// Draws reports/index.html from the runs and floors the page embeds (see ReportPage.java).
(function () {
  "use strict";
  var runs = JSON.parse(document.getElementById("runs").textContent);
  var floors = JSON.parse(document.getElementById("floors").textContent);
  var byName = {};
  runs.forEach(function (run) { byName[run.name] = run; });
  var selected = initialSelection();
  var percentileChart = null;
  // drawn at once: a page read (or screenshot) right after loading shows every point
  Highcharts.setOptions({ plotOptions: { series: { animation: false } } });

  function initialSelection() {
    var fromHash = /(?:^#|&)run=([^&]+)/.exec(location.hash);
    if (fromHash && byName[decodeURIComponent(fromHash[1])]) {
      return [decodeURIComponent(fromHash[1])];
    }
    // the newest run of each simulation
    var newest = {};
    runs.forEach(function (run) { if (run.histograms.length) { newest[run.simulation] = run.name; } });
    return Object.keys(newest).map(function (key) { return newest[key]; });
  }

  function fmt(value, digits) {
    if (value === null || value === undefined) { return "—"; }
    return Number(value).toLocaleString("en-US", { maximumFractionDigits: digits || 0 });
  }

  function date(run) { return run.timestamp.replace("T", " ").replace("Z", " UTC"); }

  function time(run) { return Date.parse(run.timestamp); }

  var columns = [
    { title: "date", text: true, value: function (r) { return r.timestamp; }, show: date },
    { title: "simulation", text: true, value: function (r) { return r.mode; } },
    { title: "target", text: true, value: function (r) { return r.targetKind; },
      show: function (r) { return r.targetKind; }, tip: function (r) { return r.target; } },
    { title: "store", text: true, value: function (r) { return r.store; } },
    { title: "profile", text: true, value: function (r) { return r.profile; } },
    { title: "conns × s", value: function (r) { return r.connections * 100000 + r.durationSecs; },
      show: function (r) { return r.connections + " × " + r.durationSecs; } },
    { title: "ops/s", value: function (r) { return r.opsPerSec; }, show: function (r) { return fmt(r.opsPerSec); } },
    { title: "p50 µs", value: function (r) { return r.p50Us; }, show: function (r) { return fmt(r.p50Us); } },
    { title: "p99 µs", value: function (r) { return r.p99Us; }, show: function (r) { return fmt(r.p99Us); } },
    { title: "× echo", value: function (r) { return r.ceilingFraction; },
      show: function (r) { return fmt(r.ceilingFraction, 2); } },
    { title: "CPU/batch µs", value: function (r) { return r.serverCpuUsPerBatch; },
      show: function (r) { return fmt(r.serverCpuUsPerBatch, 1); } },
    { title: "verdict", text: true, value: function (r) { return r.passed ? "PASS" : "FAIL"; },
      tip: function (r) { return r.passed ? "every assertion passed" : "failed: " + r.failedGates.join(", "); },
      cls: function (r) { return r.passed ? "pass" : "fail"; } },
    { title: "commit", text: true, value: function (r) { return r.commit; },
      show: function (r) { return r.commit.substring(0, 7) + (/-dirty$/.test(r.commit) ? "+" : ""); },
      tip: function (r) { return r.commit; } },
    { title: "reports", text: true, sortable: false, value: function (r) { return r.name; }, html: function (r) {
      return (r.gatlingReport ? '<a href="' + r.gatlingReport + '">Gatling</a> · ' : "Gatling report not kept · ")
        + '<a href="' + r.summary + '">JSON</a>'; } },
    { title: "compare", sortable: false, value: function (r) { return r.name; }, html: function (r) {
      return r.histograms.length ? '<input type="checkbox" class="compare" value="' + r.name + '"'
        + (selected.indexOf(r.name) >= 0 ? " checked" : "") + ">" : ""; } }
  ];
  var sortColumn = 0;
  var sortDescending = true;

  function drawTable() {
    var table = document.getElementById("runs-table");
    var head = "<tr>" + columns.map(function (c, i) {
      var cls = (c.text ? "text " : "") + (i === sortColumn ? (sortDescending ? "sorted-desc" : "sorted-asc") : "");
      return '<th class="' + cls + '" data-column="' + i + '">' + c.title + "</th>";
    }).join("") + "</tr>";
    table.tHead.innerHTML = head;
    var column = columns[sortColumn];
    var sorted = runs.slice().sort(function (a, b) {
      var x = column.value(a), y = column.value(b);
      if (x === null || x === undefined) { return 1; }
      if (y === null || y === undefined) { return -1; }
      var order = x < y ? -1 : x > y ? 1 : 0;
      return sortDescending ? -order : order;
    });
    table.tBodies[0].innerHTML = sorted.map(function (run) {
      var rowClass = (run.reference ? "reference " : "") + (selected.indexOf(run.name) >= 0 ? "selected" : "");
      return '<tr id="run-' + run.name + '" class="' + rowClass + '">' + columns.map(function (c) {
        var cls = (c.text ? "text " : "") + (c.cls ? c.cls(run) : "");
        var tip = c.tip ? ' title="' + String(c.tip(run)).replace(/"/g, "&quot;") + '"' : "";
        var content = c.html ? c.html(run) : escape(c.show ? c.show(run) : c.value(run));
        return '<td class="' + cls + '"' + tip + ">" + content + "</td>";
      }).join("") + "</tr>";
    }).join("");
    Array.prototype.forEach.call(table.tHead.querySelectorAll("th"), function (th) {
      var index = Number(th.getAttribute("data-column"));
      if (columns[index].sortable === false) { return; }
      th.addEventListener("click", function () {
        sortDescending = index === sortColumn ? !sortDescending : !columns[index].text;
        sortColumn = index;
        drawTable();
      });
    });
    Array.prototype.forEach.call(table.querySelectorAll("input.compare"), function (box) {
      box.addEventListener("change", function () {
        selected = selected.filter(function (name) { return name !== box.value; });
        if (box.checked) { selected.push(box.value); }
        drawTable();
        drawPercentiles();
        drawResources();
      });
    });
  }

  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function drawTrends() {
    var groups = {};
    runs.forEach(function (run) {
      // a smoke run's load differs from a full run's: its own chart, not a dip in the trend
      var key = run.simulation + " against " + run.targetKind + " · " + ("00000" + run.connections).slice(-6);
      (groups[key] = groups[key] || []).push(run);
    });
    var container = document.getElementById("trends");
    Object.keys(groups).sort(function (a, b) {
      var stem = function (k) { return k.substring(0, k.lastIndexOf(" · ")); };
      return stem(a) < stem(b) ? -1 : stem(a) > stem(b) ? 1 : b < a ? -1 : b > a ? 1 : 0;
    }).forEach(function (key, index) {
      var group = groups[key].slice().sort(function (a, b) { return time(a) - time(b); });
      var div = document.createElement("div");
      div.className = "trend";
      div.id = "trend-" + index;
      container.appendChild(div);
      var profiles = {};
      group.forEach(function (run) { profiles[run.profile] = run.baselineKey; });
      var opsFloors = [], p50Floors = [];
      Object.keys(profiles).forEach(function (profile) {
        var floor = (floors[profile] || {})[profiles[profile]];
        if (!floor) { return; }
        if (floor.minOpsPerSec) {
          opsFloors.push(floorLine(floor.minOpsPerSec, "#2f7ed8", profile + " floor " + fmt(floor.minOpsPerSec) + " ops/s"));
        }
        if (floor.maxP50Us) {
          p50Floors.push(floorLine(floor.maxP50Us, "#8bbc21", profile + " p50 at most " + fmt(floor.maxP50Us) + " µs"));
        }
      });
      var latencies = [];
      group.forEach(function (run) { latencies.push(run.p50Us, run.p99Us); });
      p50Floors.forEach(function (line) { latencies.push(line.value); });
      var latencyRange = decades(latencies);
      var point = function (figure) {
        return function (run) { return { x: time(run), y: figure(run) > 0 ? figure(run) : null, name: run.name }; };
      };
      new Highcharts.Chart({
        chart: { renderTo: div.id, zoomType: "x" },
        title: { text: group[0].mode.split(" ")[0] + " against " + group[0].targetKind + " · " + group[0].connections
          + " connections", style: { fontSize: "14px" } },
        subtitle: { text: group.length + " runs · " + group[0].simulation },
        credits: { enabled: false },
        xAxis: { type: "datetime" },
        yAxis: [
          { title: { text: "ops/s" }, min: 0, plotLines: opsFloors },
          { title: { text: "latency µs" }, type: "logarithmic", opposite: true, plotLines: p50Floors,
            min: latencyRange[0], max: latencyRange[1] }
        ],
        tooltip: { shared: true, xDateFormat: "%Y-%m-%d %H:%M:%S UTC" },
        plotOptions: { series: { marker: { enabled: true }, cursor: "pointer",
          point: { events: { click: function () { location.hash = "run=" + this.name; select(this.name); } } } } },
        series: [
          { name: "ops/s", data: group.map(point(function (r) { return r.opsPerSec; })), color: "#2f7ed8",
            tooltip: { valueDecimals: 0 } },
          { name: "p50 µs", yAxis: 1, data: group.map(point(function (r) { return r.p50Us; })), color: "#8bbc21",
            dashStyle: "ShortDash" },
          { name: "p99 µs", yAxis: 1, data: group.map(point(function (r) { return r.p99Us; })), color: "#910000",
            dashStyle: "ShortDot" }
        ]
      });
    });
  }

  // whole decades around the values: a log axis over less than one decade is drawn without labels
  function decades(values) {
    var positive = values.filter(function (v) { return v > 0; });
    if (!positive.length) { return [1, 10]; }
    var low = Math.pow(10, Math.floor(Math.log(Math.min.apply(null, positive)) / Math.LN10));
    var high = Math.pow(10, Math.ceil(Math.log(Math.max.apply(null, positive)) / Math.LN10));
    return [low, high > low ? high : low * 10];
  }

  function floorLine(value, color, label) {
    return { value: value, color: color, width: 2, dashStyle: "Dash", zIndex: 3,
      label: { text: label, style: { color: color, fontSize: "10px" } } };
  }

  // x = log10(1/(1-p)): 0 at 0 %, 1 at 90 %, 2 at 99 %, ... as HdrHistogram's plotter draws it
  function percentileX(percentile) { return Math.log(1 / (1 - percentile / 100)) / Math.LN10; }

  function percentileLabel(x) {
    var percentile = 100 * (1 - Math.pow(10, -x));
    return (Math.round(percentile * 10000) / 10000) + " %";
  }

  function drawPercentiles() {
    var series = [];
    selected.forEach(function (name) {
      var run = byName[name];
      if (!run || !run.histograms.length) { return; }
      run.histograms.forEach(function (histogram, index) {
        var points = histogram.points.filter(function (p) { return p.percentile < 100 && p.valueUs > 0; })
          .map(function (p) { return [percentileX(p.percentile), p.valueUs]; });
        series.push({ name: run.mode + " · " + run.targetKind + " · " + run.timestamp.substring(0, 16) + " · "
            + histogram.name, data: points, visible: index === 0, dashStyle: histogram.complete ? "Solid" : "Dot",
          marker: { enabled: !histogram.complete } });
      });
    });
    if (percentileChart) { percentileChart.destroy(); }
    percentileChart = new Highcharts.Chart({
      chart: { renderTo: "percentiles", type: "line", zoomType: "xy" },
      title: { text: "Latency by percentile" },
      subtitle: { text: series.length ? "tick runs in the table to compare; click a legend entry to show or hide "
          + "a histogram (the headline one is shown)" : "no run selected: tick compare in the table" },
      credits: { enabled: false },
      xAxis: { min: 0, tickInterval: 1, title: { text: "percentile (axis: 1/(1-percentile), log scale)" },
        labels: { formatter: function () { return percentileLabel(this.value); } } },
      yAxis: { type: "logarithmic", title: { text: "latency µs" } },
      tooltip: { formatter: function () {
        return "<b>" + escape(this.series.name) + "</b><br>" + percentileLabel(this.x) + ": " + fmt(this.y) + " µs";
      } },
      series: series
    });
    drawLatencyTable();
  }

  function drawLatencyTable() {
    var table = document.getElementById("latency-table");
    table.tHead.innerHTML = "<tr>" + ["run", "histogram", "count", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs",
      "max µs"].map(function (t, i) { return '<th class="' + (i < 2 ? "text" : "") + '">' + t + "</th>"; }).join("")
      + "</tr>";
    var rows = [];
    selected.forEach(function (name) {
      var run = byName[name];
      if (!run) { return; }
      run.histograms.forEach(function (histogram) {
        var at = function (percentile) {
          var found = null;
          histogram.points.forEach(function (p) { if (found === null && p.percentile >= percentile) { found = p.valueUs; } });
          return found;
        };
        var max = histogram.points.length ? histogram.points[histogram.points.length - 1].valueUs : null;
        rows.push('<tr><td class="text"><a href="#run=' + run.name + '">' + run.name + '</a></td><td class="text">'
          + histogram.name + (histogram.complete ? "" : " (kept percentiles only)") + "</td><td>" + fmt(histogram.count)
          + "</td><td>" + fmt(at(50)) + "</td><td>" + (histogram.complete ? fmt(at(90)) : "—") + "</td><td>"
          + fmt(at(99)) + "</td><td>" + fmt(at(99.9)) + "</td><td>" + fmt(max) + "</td></tr>");
      });
    });
    table.tBodies[0].innerHTML = rows.join("");
  }

  var resourceCharts = [];
  var resourceUnits = { heap_after_gc_mib: "MiB", rss_mib: "MiB", open_fds: "fds", threads: "threads",
    os_threads: "threads", connections: "connections", write_p99_us: "µs" };

  // one small chart per sampled series, each ticked run that sampled it a line
  function drawResources() {
    resourceCharts.forEach(function (chart) { chart.destroy(); });
    resourceCharts = [];
    var container = document.getElementById("resources");
    container.innerHTML = "";
    Object.keys(resourceUnits).forEach(function (series) {
      var lines = [];
      selected.forEach(function (name) {
        var run = byName[name];
        if (run && run.resources && run.resources[series] && run.resources[series].length) {
          lines.push({ name: run.mode + " · " + run.timestamp.substring(0, 16), data: run.resources[series] });
        }
      });
      if (!lines.length) { return; }
      var div = document.createElement("div");
      div.className = "trend";
      container.appendChild(div);
      resourceCharts.push(new Highcharts.Chart({
        chart: { renderTo: div, type: "line", zoomType: "x" },
        title: { text: series },
        credits: { enabled: false },
        xAxis: { title: { text: "seconds into the run" } },
        yAxis: { title: { text: resourceUnits[series] }, min: 0 },
        tooltip: { formatter: function () {
          return "<b>" + escape(this.series.name) + "</b><br>" + fmt(this.x, 1) + " s: " + fmt(this.y, 1) + " "
            + resourceUnits[series];
        } },
        series: lines
      }));
    });
    if (!resourceCharts.length) {
      container.innerHTML = '<p class="note">No ticked run sampled the server\'s resources.</p>';
    }
  }

  function select(name) {
    if (selected.indexOf(name) < 0) { selected.push(name); }
    drawTable();
    drawPercentiles();
    drawResources();
  }

  window.addEventListener("hashchange", function () {
    var match = /(?:^#|&)run=([^&]+)/.exec(location.hash);
    if (match && byName[decodeURIComponent(match[1])]) {
      selected = [decodeURIComponent(match[1])];
      drawTable();
      drawPercentiles();
      drawResources();
      document.getElementById("percentiles").scrollIntoView();
    }
  });

  drawTable();
  drawTrends();
  drawPercentiles();
  drawResources();
  if (/run=/.test(location.hash)) { document.getElementById("percentiles").scrollIntoView(); }
}());
