// Assessment pages: show only the fields of the chosen component kind.
// Everything works without JavaScript too (all fields are then shown).
(function () {
  document.querySelectorAll("form.component-form").forEach(function (form) {
    var select = form.querySelector(".kind-select");
    if (!select) return;
    function sync() {
      form.querySelectorAll(".kind-part").forEach(function (part) {
        var on = part.dataset.kind === select.value;
        part.hidden = !on;
        part.querySelectorAll("select, input, textarea").forEach(function (el) {
          if (el.name === "ref_id") el.disabled = !on;
        });
      });
    }
    select.addEventListener("change", sync);
    sync();
  });
})();
