/* sitegen: draws the charts from the JSON embedded in the page, links their points to pages,
   filters event lists, and emphasises the quote a link points at. No other host is contacted. */
(function () {
  "use strict";

  function readJSON(element) {
    return element ? JSON.parse(element.textContent) : null;
  }

  var NARROW = 600;

  /* On a phone the lane names, legend and year buttons would leave no room for the dates;
     the list under the chart says the same, so they go. */
  function fitNarrow(layout) {
    layout.showlegend = false;
    layout.updatemenus = [];
    layout.margin = { l: 4, r: 4, t: 12, b: 4 };
    if (layout.yaxis && layout.yaxis.categoryorder) {
      layout.yaxis.showticklabels = false;
      layout.yaxis.title = { text: "" };
    }
  }

  function drawCharts() {
    if (typeof window.Plotly === "undefined") { return; }
    document.querySelectorAll("[data-figure]").forEach(function (element) {
      var figure = readJSON(document.getElementById(element.getAttribute("data-figure")));
      if (!figure) { return; }
      var root = element.getAttribute("data-root") || "";
      if (element.clientWidth < NARROW) { fitNarrow(figure.layout); }
      var config = { responsive: true, displaylogo: false, scrollZoom: false,
                     modeBarButtonsToRemove: ["select2d", "lasso2d"] };
      window.Plotly.newPlot(element, figure.data, figure.layout, config).then(function () {
        element.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          if (point && typeof point.customdata === "string" && point.customdata) {
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

  /* Filters: a select per facet, built from the vocabulary the page carries. */
  function option(value, label) {
    var element = document.createElement("option");
    element.value = value;
    element.textContent = label;
    return element;
  }

  function facet(form, name, label, choices) {
    if (choices.length < 2) { return null; }
    var id = "filter-" + name;
    var wrapper = document.createElement("p");
    var caption = document.createElement("label");
    caption.setAttribute("for", id);
    caption.textContent = label;
    var select = document.createElement("select");
    select.id = id;
    select.name = name;
    select.appendChild(option("", "All"));
    choices.forEach(function (choice) { select.appendChild(option(choice[0], choice[1])); });
    wrapper.appendChild(caption);
    wrapper.appendChild(select);
    form.appendChild(wrapper);
    return select;
  }

  function matches(item, filters) {
    if (filters.source && (" " + item.getAttribute("data-sources") + " ").indexOf(" " + filters.source + " ") < 0) { return false; }
    if (filters.year && item.getAttribute("data-year") !== filters.year) { return false; }
    if (filters.precision && item.getAttribute("data-precision") !== filters.precision) { return false; }
    if (filters.name && ("|" + (item.getAttribute("data-names") || "") + "|").indexOf("|" + filters.name + "|") < 0) { return false; }
    return true;
  }

  function setUpFilters(section) {
    var vocabulary = readJSON(section.querySelector(".filter-vocabulary"));
    var container = section.querySelector(".filters");
    var status = section.querySelector(".filter-status");
    if (!vocabulary || !container) { return; }
    var form = document.createElement("form");
    form.setAttribute("aria-label", "Filter the events");
    var selects = [
      facet(form, "source", "Source", vocabulary.sources),
      facet(form, "year", "Year", vocabulary.years.map(function (y) { return [String(y), String(y)]; })),
      facet(form, "precision", "Date known to the", vocabulary.precisions.map(function (p) { return [p, p]; })),
      facet(form, "name", "Name", vocabulary.names.map(function (n) { return [n[0], n[0] + " (" + n[1] + ", " + n[2] + ")"]; }))
    ].filter(Boolean);
    if (!selects.length) { return; }
    var reset = document.createElement("button");
    reset.type = "reset";
    reset.textContent = "Show all";
    form.appendChild(reset);
    container.appendChild(form);
    container.hidden = false;
    var items = Array.prototype.slice.call(section.querySelectorAll("li.event"));

    function apply() {
      var filters = {};
      selects.forEach(function (select) { filters[select.name] = select.value; });
      var shown = 0;
      items.forEach(function (item) {
        var visible = matches(item, filters);
        item.hidden = !visible;
        if (visible) { shown += 1; }
      });
      section.querySelectorAll("ol.events").forEach(function (list) {
        var any = list.querySelector("li.event:not([hidden])") !== null;
        list.hidden = !any;
        var heading = list.previousElementSibling;
        if (heading && heading.tagName === "H4") { heading.hidden = !any; }
      });
      var active = selects.some(function (select) { return select.value; });
      status.textContent = active ? shown + " of " + items.length + " listed events match" : "";
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    document.querySelectorAll("[data-filterable]").forEach(setUpFilters);
    emphasiseTarget();
  });
  window.addEventListener("load", emphasiseTarget);  /* again after the browser's own jump to the anchor */
  window.addEventListener("hashchange", emphasiseTarget);
})();
