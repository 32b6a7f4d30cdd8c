// Cap Installation: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // When a form comes back with errors, move the focus to the error summary so that
  // keyboard and screen reader users start from the list of fields to correct.
  function focusErrorSummary() {
    var summary = document.getElementById("resume-erreurs");
    if (summary) {
      summary.focus();
    }
  }

  // Work handed to the worker (a large import, a report draft): ask its state every few
  // seconds, move the progress bar, and reload the page (which then shows the result or the
  // refusal) once it is over. An import's state counts rows, other states steps done of total.
  function followImport(box) {
    var url =
      box.getAttribute("data-import-state-url") || box.getAttribute("data-progress-state-url");
    var bar = box.querySelector("[data-import-progress]");
    var text = box.querySelector("[data-import-progress-text]");
    var announce = box.querySelector("[data-import-announce]");
    var numbers = new Intl.NumberFormat(document.documentElement.lang || "fr");
    var template = text ? text.getAttribute("data-template") : null;
    var delay = 2000;

    function show(state) {
      var done = state.rows_done !== undefined ? state.rows_done : state.done;
      var total = state.rows_total !== undefined ? state.rows_total : state.total;
      if (bar) {
        bar.max = total || 1;
        bar.value = done;
      }
      if (text && template) {
        text.textContent = template
          .replace("{done}", numbers.format(done))
          .replace("{total}", numbers.format(total));
      }
    }

    function check() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (state) {
          if (!state.pending) {
            if (announce) {
              announce.textContent = box.getAttribute("data-import-done-text") || "";
            }
            window.location.reload();
            return;
          }
          show(state);
          delay = 2000;
          window.setTimeout(check, delay);
        })
        .catch(function () {
          // The server or the network hiccuped: try again, less often.
          delay = Math.min(delay * 2, 30000);
          window.setTimeout(check, delay);
        });
    }

    window.setTimeout(check, delay);
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    document
      .querySelectorAll("[data-import-state-url], [data-progress-state-url]")
      .forEach(followImport);
  });
})();
