/* Draws every <canvas data-chart='{...}'> with the vendored Chart.js (no CDN, no inline script). */
(function () {
  "use strict";
  var COLORS = ["#1d5b9e", "#e08a1e", "#c0392b", "#2e8b57", "#7d5ba6", "#5a6a7a", "#b5651d", "#2a9d8f"];
  var FONT = "'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic UI', 'Meiryo', sans-serif";
  var number = new Intl.NumberFormat("ja-JP");

  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var round = spec.type === "doughnut";
    var datasets = spec.datasets.map(function (set, i) {
      var color = round ? spec.labels.map(function (_, j) { return COLORS[j % COLORS.length]; }) : COLORS[i % COLORS.length];
      return { label: set.label, data: set.data, backgroundColor: color, borderColor: round ? "#fff" : color,
               borderWidth: round ? 2 : (spec.type === "line" ? 2 : 0), tension: 0.2 };
    });
    var axes = round ? {} : {
      x: { stacked: spec.stacked, ticks: { font: { family: FONT } } },
      y: { stacked: spec.stacked, beginAtZero: true, ticks: { font: { family: FONT }, callback: function (v) { return number.format(v); } } }
    };
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, scales: axes,
        plugins: {
          legend: { position: "bottom", labels: { font: { family: FONT } } },
          tooltip: { callbacks: { label: function (ctx) {
            var value = round ? ctx.parsed : ctx.parsed.y;
            return (ctx.dataset.label || "") + ": " + number.format(value);
          } } }
        }
      }
    });
    canvas.setAttribute("data-drawn", "true");
  }

  function start() {
    if (typeof Chart === "undefined") { return; }
    Chart.defaults.font.family = FONT;
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  }

  // Draw once the web font is ready, so axis labels are not measured with a fallback font.
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(start); } else { start(); }
})();
