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
  document.addEventListener("DOMContentLoaded", workload);
  document.addEventListener("DOMContentLoaded", assessment);
})();
