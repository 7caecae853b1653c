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
  // Ordering lists (quiz questions, case tasks, the bank's preview): the ↑ and ↓ buttons move
  // their item, the focus stays on the button, a screen reader hears the new position
  // ([data-ordering-status] beside the list), and "ordering:moved" bubbles from the item for
  // pages that save the order (quiz.js).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-move]");
    if (!button) return;
    var item = button.closest("li");
    var list = item.parentNode;
    var up = button.dataset.move === "up";
    var other = up ? item.previousElementSibling : item.nextElementSibling;
    if (!other) return;
    list.insertBefore(item, up ? other : other.nextElementSibling);
    button.focus();
    var status = list.parentNode.querySelector("[data-ordering-status]");
    var text = item.querySelector(".ordering-text, .step-text");
    if (status && text) {
      status.textContent = text.textContent + " → " + (Array.prototype.indexOf.call(list.children, item) + 1);
    }
    item.dispatchEvent(new CustomEvent("ordering:moved", { bubbles: true }));
  });
})();
