// Draws every chart of the page from the Vega-Lite spec next to it (a JSON data block, not a script).
// vega runs with its expression interpreter (ast: true), so the Content-Security-Policy needs no
// 'unsafe-eval', and with defaultStyle off, so it needs no inline style either.
(function () {
  "use strict";
  function draw() {
    if (typeof window.vegaEmbed !== "function") { return; }
    document.querySelectorAll(".chart[data-spec]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-spec"));
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(el, spec, { ast: true, actions: false, renderer: "svg", defaultStyle: false,
                               tooltip: { disableDefaultStyle: true } })
        .then(function () { el.setAttribute("data-rendered", "true"); })
        .catch(function (err) { el.setAttribute("data-error", String(err)); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
