// Case library: sortable exhibit tables (app.js moves the steps of ordering tasks). No dependencies.
(function () {
  "use strict";

  function cellValue(row, col, numeric) {
    var text = (row.cells[col] && row.cells[col].textContent.trim()) || "";
    if (!numeric) return text;
    var n = parseFloat(text.replace(/,/g, ""));
    return isNaN(n) ? -Infinity : n;
  }

  function sortTable(table, th, button) {
    var col = Number(button.dataset.col);
    var numeric = button.hasAttribute("data-numeric");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r.dataset.pos = i; });
    rows.sort(function (a, b) {
      var x = cellValue(a, col, numeric), y = cellValue(b, col, numeric);
      var c = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
      if (c === 0) c = a.dataset.pos - b.dataset.pos; // stable
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    table.addEventListener("click", function (event) {
      var button = event.target.closest("button.sort");
      if (button) sortTable(table, button.closest("th"), button);
    });
  });
})();
