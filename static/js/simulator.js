// Simulator pages: arrow keys step through a replay; opening one action form closes the others.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select")) return;
    var rel = event.key === "ArrowLeft" ? "prev" : event.key === "ArrowRight" ? "next" : null;
    var link = rel && document.querySelector('.sim-replay-nav a[rel="' + rel + '"]');
    if (link) window.location.href = link.href;
  });
  document.querySelectorAll("details.sim-action").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open) return;
      document.querySelectorAll("details.sim-action[open]").forEach(function (other) {
        if (other !== details) other.open = false;
      });
    });
  });
})();
