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
  document.addEventListener("DOMContentLoaded", workload);
})();
