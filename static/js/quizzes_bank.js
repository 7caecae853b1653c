// Question bank preview: send the order of an ordering question's items (app.js moves them).
(function () {
  "use strict";
  var form = document.getElementById("try-form");
  if (!form) return;
  form.addEventListener("submit", function () {
    var items = form.querySelectorAll(".ordering li[data-index]");
    var order = form.querySelector("input[name=order]");
    if (order && items.length) {
      order.value = Array.prototype.map.call(items, function (li) { return li.dataset.index; }).join(",");
    }
  });
})();
