// Cap Installation: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // When a form comes back with errors, move the focus to the error summary so that
  // keyboard and screen reader users start from the list of fields to correct.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("resume-erreurs");
    if (summary) {
      summary.focus();
    }
  });
})();
