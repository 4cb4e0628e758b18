/* Charts drawn from data the page embeds with json_script; ECharts is vendored. */
(function () {
  "use strict";
  function workload() {
    var node = document.getElementById("workload-chart");
    var data = document.getElementById("workload-data");
    if (!node || !data || typeof echarts === "undefined") { return; }
    var d = JSON.parse(data.textContent);
    var chart = echarts.init(node, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { data: [d.labels.lead, d.labels.responsible] },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: d.names, inverse: true },
      series: [
        { name: d.labels.lead, type: "bar", stack: "tasks", data: d.lead, itemStyle: { color: "#b22222" } },
        { name: d.labels.responsible, type: "bar", stack: "tasks", data: d.responsible, itemStyle: { color: "#4a78a8" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function assessment() {
    var data = document.getElementById("assessment-data");
    var bands = document.getElementById("assessment-bands");
    var change = document.getElementById("assessment-change");
    if (!data || !bands || typeof echarts === "undefined") { return; }
    var d = JSON.parse(data.textContent);
    var one = echarts.init(bands, null, { renderer: "svg" });
    one.setOption({
      title: { text: d.labels.count, left: "center", textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.bands },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: d.counts, itemStyle: { color: "#4a78a8" } }]
    });
    var charts = [one];
    if (change) {
      var two = echarts.init(change, null, { renderer: "svg" });
      var series = [{ name: d.labels["this"], type: "bar", data: d.totals, itemStyle: { color: "#b22222" } }];
      if (d.previous.some(function (v) { return v !== null; })) {
        series.push({ name: d.labels.last, type: "bar", data: d.previous, itemStyle: { color: "#9aa7b4" } });
      }
      two.setOption({
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { data: series.map(function (s) { return s.name; }) },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "value", max: 110 },
        yAxis: { type: "category", data: d.units, inverse: true, axisLabel: { fontSize: 11 } },
        series: series
      });
      change.style.height = Math.max(240, d.units.length * 22 + 60) + "px";
      two.resize();
      charts.push(two);
    }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  function benchmark() {
    var data = document.getElementById("benchmark-data");
    var radar = document.getElementById("benchmark-radar");
    var history = document.getElementById("benchmark-history");
    if (!data || !radar || typeof echarts === "undefined") { return; }
    var d = JSON.parse(data.textContent);
    var num = function (v) { return v === null ? null : parseFloat(v); };
    var one = echarts.init(radar, null, { renderer: "svg" });
    one.setOption({
      tooltip: {},
      legend: { bottom: 0, data: [d.labels.home, d.labels.first_tier, d.labels.regional] },
      radar: { radius: "60%", indicator: d.groups.map(function (g) { return { name: g, min: 40, max: 100 }; }) },
      series: [{ type: "radar", data: [
        { name: d.labels.home, value: d.home.map(num), itemStyle: { color: "#b22222" }, areaStyle: { opacity: 0.15 } },
        { name: d.labels.first_tier, value: d.first_tier.map(num), itemStyle: { color: "#4a78a8" } },
        { name: d.labels.regional, value: d.regional.map(num), itemStyle: { color: "#9aa7b4" } }
      ] }]
    });
    var charts = [one];
    if (history && d.history.length) {
      var two = echarts.init(history, null, { renderer: "svg" });
      two.setOption({
        tooltip: { trigger: "axis" },
        legend: { data: [d.labels.rank, d.labels.regional_rank] },
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: d.history.map(function (h) { return String(h.year); }) },
        yAxis: { type: "value", inverse: true, min: 1, minInterval: 1 },
        series: [
          { name: d.labels.rank, type: "line", data: d.history.map(function (h) { return h.rank; }), itemStyle: { color: "#b22222" },
            markLine: { symbol: "none", label: { position: "insideStartTop", formatter: d.labels.target }, lineStyle: { type: "dashed", color: "#b22222" }, data: [{ yAxis: d.target }] } },
          { name: d.labels.regional_rank, type: "line", data: d.history.map(function (h) { return h.regional_rank; }), itemStyle: { color: "#4a78a8" },
            markLine: { symbol: "none", label: { position: "insideStartBottom", formatter: d.labels.regional_target }, lineStyle: { type: "dashed", color: "#4a78a8" }, data: [{ yAxis: d.regional_target }] } }
        ]
      });
      charts.push(two);
    }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  document.addEventListener("DOMContentLoaded", workload);
  document.addEventListener("DOMContentLoaded", assessment);
  document.addEventListener("DOMContentLoaded", benchmark);
})();
