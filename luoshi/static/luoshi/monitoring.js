/* Dashboard cards: a completion gauge and the multi-year path with actuals and forecasts.
   Data come from the page (json_script "cards-data"); ECharts is vendored. */
(function () {
  "use strict";
  var LIGHTS = { green: "#2e7d32", yellow: "#d9a400", red: "#b22222", grey: "#8a94a0", pending: "#b0b8c1", none: "#b0b8c1" };

  function gauge(node, card) {
    var chart = echarts.init(node, null, { renderer: "svg" });
    var value = card.completion === null ? 0 : Math.round(card.completion * 1000) / 10;
    chart.setOption({
      series: [{
        type: "gauge", min: 0, max: 100, radius: "95%", startAngle: 210, endAngle: -30,
        progress: { show: true, width: 10, itemStyle: { color: LIGHTS[card.light] || "#4a78a8" } },
        axisLine: { lineStyle: { width: 10 } }, axisTick: { show: false }, splitLine: { show: false },
        axisLabel: { show: false }, pointer: { show: false }, anchor: { show: false },
        title: { show: true, offsetCenter: [0, "45%"], fontSize: 11 },
        detail: { valueAnimation: false, offsetCenter: [0, "0%"], fontSize: 16, formatter: card.completion === null ? "—" : "{value}%" },
        data: [{ value: value, name: card.completionLabel || "" }]
      }]
    });
    return chart;
  }

  function trend(node, card) {
    var chart = echarts.init(node, null, { renderer: "svg" });
    var series = [
      { name: card.labels.path, type: "line", data: card.path, lineStyle: { type: "dashed" }, itemStyle: { color: "#8a94a0" }, connectNulls: true },
      { name: card.labels.actual, type: "line", data: card.actual, itemStyle: { color: "#4a78a8" }, connectNulls: false }
    ];
    var points = [];
    [card.forecast, card.outlook].forEach(function (f) {
      if (!f) { return; }
      var index = card.years.indexOf(f[0]);
      if (index < 0) { return; }
      points.push({ index: index, value: f[1], low: f[2], high: f[3] });
    });
    if (points.length) {
      var data = card.years.map(function () { return null; });
      points.forEach(function (p) { data[p.index] = p.value; });
      series.push({ name: card.labels.forecast, type: "scatter", data: data, symbolSize: 9, itemStyle: { color: LIGHTS[card.light] || "#b22222" } });
      series.push({
        name: card.labels.interval, type: "custom", itemStyle: { color: "#444" },
        renderItem: function (params, api) {
          var p = points[params.dataIndex];
          if (p.low === null || p.high === null) { return null; }
          var top = api.coord([p.index, p.high]), bottom = api.coord([p.index, p.low]);
          return { type: "group", children: [
            { type: "line", shape: { x1: top[0], y1: top[1], x2: bottom[0], y2: bottom[1] }, style: { stroke: "#444", lineWidth: 1.5 } },
            { type: "line", shape: { x1: top[0] - 5, y1: top[1], x2: top[0] + 5, y2: top[1] }, style: { stroke: "#444" } },
            { type: "line", shape: { x1: bottom[0] - 5, y1: bottom[1], x2: bottom[0] + 5, y2: bottom[1] }, style: { stroke: "#444" } }
          ] };
        },
        data: points.map(function (p) { return [p.index, p.low, p.high]; })
      });
    }
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0, textStyle: { fontSize: 10 }, itemHeight: 8 },
      grid: { left: 4, right: 8, top: 28, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: card.years.map(String) },
      yAxis: { type: "value", scale: true },
      series: series
    });
    return chart;
  }

  function withinYear(node, card) {
    var chart = echarts.init(node, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: card.months },
      yAxis: { type: "value", name: card.unit },
      series: [
        { name: card.labels.pace, type: "line", data: card.pace, lineStyle: { type: "dashed" }, itemStyle: { color: "#8a94a0" } },
        { name: card.labels.cumulative, type: "bar", data: card.reach, itemStyle: { color: LIGHTS[card.light] || "#4a78a8" } }
      ]
    });
    return chart;
  }

  function draw() {
    var data = document.getElementById("cards-data");
    if (!data || typeof echarts === "undefined") { return; }
    var cards = JSON.parse(data.textContent);
    var labels = JSON.parse(document.getElementById("chart-labels").textContent);
    var charts = [];
    document.querySelectorAll(".indicator-card").forEach(function (node) {
      var card = cards[Number(node.dataset.index)];
      card.labels = labels;
      card.completionLabel = labels.completion;
      charts.push(gauge(node.querySelector(".gauge"), card));
      if (card.years.length) { charts.push(trend(node.querySelector(".trend"), card)); }
      var year = node.querySelector(".within-year");
      if (year && card.months.length) { charts.push(withinYear(year, card)); }
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
