// Site-wide behaviour, loaded by base.html. No inline script anywhere (the CSP forbids it):
// pages declare behaviour with data attributes and this file wires it up.
(function () {
  "use strict";
  // Ask before an irreversible action: data-confirm on a form (on submit) or a button (on click).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
  // Bar widths: data-progress="40" instead of an inline style attribute (the CSP forbids those;
  // setting the width from script is allowed).
  document.querySelectorAll("[data-progress]").forEach(function (bar) {
    var percent = Math.max(0, Math.min(100, parseFloat(bar.dataset.progress) || 0));
    bar.style.width = percent + "%";
  });
})();
