// Question bank preview: move ordering items with the arrow buttons, and send their order.
(function () {
  "use strict";
  var form = document.getElementById("try-form");
  if (!form) return;
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (!button) return;
    var li = button.closest("li");
    var list = li.parentNode;
    if (button.dataset.move === "up" && li.previousElementSibling) list.insertBefore(li, li.previousElementSibling);
    if (button.dataset.move === "down" && li.nextElementSibling) list.insertBefore(li.nextElementSibling, li);
    button.focus();
  });
  form.addEventListener("submit", function () {
    var items = form.querySelectorAll(".ordering li[data-index]");
    var order = form.querySelector("input[name=order]");
    if (order && items.length) {
      order.value = Array.prototype.map.call(items, function (li) { return li.dataset.index; }).join(",");
    }
  });
})();
