/* Dashboard cards: a completion gauge and the multi-year path with actuals and forecasts.
   Data come from the page (json_script "cards-data"); ECharts is vendored.
   Legends wrap on narrow charts, so the plot starts below however many rows they take.
   For print every chart also has an <img> copy (SVG with a viewBox), which scales to the
   printed width; the "Print" button calls window.print(). */
(function () {
  "use strict";
  var LIGHTS = { green: "#2e7d32", yellow: "#d9a400", red: "#b22222", grey: "#8a94a0", pending: "#b0b8c1", none: "#b0b8c1" };
  var LEGEND = { fontSize: 10, itemWidth: 18, itemHeight: 8, itemGap: 8, padding: 4 };
  var measure = document.createElement("canvas").getContext("2d");

  function legendHeight(names, width) {
    // ECharts lays legend items out left to right and wraps; each item is its symbol, a
    // 5px gap and its text.
    measure.font = LEGEND.fontSize + "px sans-serif";
    var room = width - 2 * LEGEND.padding, rows = 1, x = 0;
    names.forEach(function (name) {
      var item = LEGEND.itemWidth + 5 + Math.ceil(measure.measureText(name).width * 1.1);
      if (x > 0 && x + item > room) { rows += 1; x = 0; }
      x += item + LEGEND.itemGap;
    });
    var line = Math.max(LEGEND.itemHeight, LEGEND.fontSize + 4);
    return 2 * LEGEND.padding + rows * line + (rows - 1) * LEGEND.itemGap;
  }

  function legend(names) {
    return { top: 0, data: names, textStyle: { fontSize: LEGEND.fontSize }, itemWidth: LEGEND.itemWidth,
             itemHeight: LEGEND.itemHeight, itemGap: LEGEND.itemGap, padding: LEGEND.padding };
  }

  function fitLegend(chart, names, below) {
    // The plot starts under the legend, plus `below` (room for an axis name or a point).
    var top = legendHeight(names, chart.getWidth()) + below;
    chart.setOption({ grid: { top: top } });
  }

  function gauge(node, card) {
    var chart = echarts.init(node, null, { renderer: "svg" });
    var value = card.completion === null ? 0 : Math.round(card.completion * 1000) / 10;
    chart.setOption({
      animation: false,
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
    var names = series.map(function (s) { return s.name; });
    chart.setOption({
      animation: false,  // what is on screen is final, so its print copy is too
      tooltip: { trigger: "axis" },
      legend: legend(names),
      grid: { left: 4, right: 8, top: 28, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: card.years.map(String) },
      yAxis: { type: "value", scale: true },
      series: series
    });
    chart.fit = function () { fitLegend(chart, names, 10); };
    chart.fit();
    return chart;
  }

  function withinYear(node, card) {
    var chart = echarts.init(node, null, { renderer: "svg" });
    var series = [
      { name: card.labels.pace, type: "line", data: card.pace, lineStyle: { type: "dashed" }, itemStyle: { color: "#8a94a0" } },
      { name: card.labels.cumulative, type: "bar", data: card.reach, itemStyle: { color: LIGHTS[card.light] || "#4a78a8" } }
    ].filter(function (s) { return s.data.length; });
    var names = series.map(function (s) { return s.name; });
    chart.setOption({
      animation: false,  // what is on screen is final, so its print copy is too
      tooltip: { trigger: "axis" },
      legend: legend(names),
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: card.months },
      yAxis: { type: "value", name: card.unit, nameGap: 10 },
      series: series
    });
    chart.fit = function () { fitLegend(chart, names, 24); };  // the unit sits above the axis
    chart.fit();
    return chart;
  }

  function printCopy(chart) {
    // An <img> of the chart beside it, shown instead of it in print (luoshi.css @media print).
    var node = chart.getDom(), img = node.querySelector("img.chart-print");
    if (!img) {
      img = document.createElement("img");
      img.className = "chart-print";
      img.alt = "";
      node.appendChild(img);
    }
    img.src = chart.getDataURL({ type: "svg" });
  }

  function printDate() {
    var now = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var text = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()) + " " + pad(now.getHours()) + ":" + pad(now.getMinutes());
    document.querySelectorAll(".print-date").forEach(function (node) { node.textContent = text; });
  }

  function printing(charts) {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    window.addEventListener("beforeprint", function () {
      printDate();
      charts.forEach(printCopy);
    });
  }

  function draw() {
    var data = document.getElementById("cards-data");
    var charts = [];
    printing(charts);
    if (!data || typeof echarts === "undefined") { return; }
    var cards = JSON.parse(data.textContent);
    var labels = JSON.parse(document.getElementById("chart-labels").textContent);
    document.querySelectorAll(".indicator-card").forEach(function (node) {
      var card = cards[Number(node.dataset.index)];
      card.labels = labels;
      card.completionLabel = labels.completion;
      charts.push(gauge(node.querySelector(".gauge"), card));
      if (card.years.length) { charts.push(trend(node.querySelector(".trend"), card)); }
      var year = node.querySelector(".within-year");
      if (year && card.months.length) { charts.push(withinYear(year, card)); }
    });
    charts.forEach(function (chart) {
      // A print copy once drawn (also for printing without beforeprint, e.g. headless PDF).
      var first = function () { chart.off("finished", first); printCopy(chart); };
      chart.on("finished", first);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); if (c.fit) { c.fit(); } });
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
