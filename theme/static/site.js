/* sitegen: draws the charts from the JSON embedded in the page and links their points to events. */
(function () {
  "use strict";

  function drawCharts() {
    if (typeof window.Plotly === "undefined") { return; }
    document.querySelectorAll("[data-figure]").forEach(function (element) {
      var data = document.getElementById(element.getAttribute("data-figure"));
      if (!data) { return; }
      var figure = JSON.parse(data.textContent);
      var root = element.getAttribute("data-root") || "";
      var config = { responsive: true, displaylogo: false, scrollZoom: false };
      window.Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
        element.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          if (point && typeof point.customdata === "string") {
            window.location.href = root + point.customdata;
          }
        });
      });
    });
  }

  function emphasiseTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) { return; }
    var target = document.getElementById(id);
    if (!target) { return; }
    document.querySelectorAll(".is-target").forEach(function (el) { el.classList.remove("is-target"); });
    target.classList.add("is-target");
    target.scrollIntoView({ block: "center" });
    if (target.hasAttribute("tabindex")) { target.focus({ preventScroll: true }); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    emphasiseTarget();
  });
  window.addEventListener("hashchange", emphasiseTarget);
})();
