// Question editor: a table of answers on top of the JSON box (progressive enhancement).
// The JSON textarea stays the source sent to the server; the table rewrites it on every change,
// and "Edit as JSON" shows the box itself. Without JavaScript the box works alone.
(function () {
  "use strict";
  var box = document.querySelector("textarea[data-qtype]");
  var host = document.getElementById("type-editor");
  if (!box || !host) return;
  var qtype = box.dataset.qtype;
  var L = JSON.parse(document.getElementById("editor-labels").textContent);

  // Decimal strings are moved by two places as text, so "0.3333333" <-> "33.33333" stays exact.
  function shift(text, places) {
    text = String(text == null ? "" : text).trim();
    var m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
    if (!m || (m[2] === "" && !m[3])) return text;
    var sign = m[1] === "-" ? "-" : "", digits = (m[2] || "") + (m[3] || ""), point = (m[2] || "").length + places;
    while (point > digits.length) digits += "0";
    while (point < 0) { digits = "0" + digits; point += 1; }
    var head = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0", tail = digits.slice(point).replace(/0+$/, "");
    var out = tail ? head + "." + tail : head;
    return out === "0" ? "0" : sign + out;
  }
  var percent = { show: function (v) { return shift(v, 2); }, keep: function (v) { return shift(v, -2); } };
  var plain = { show: function (v) { return v == null ? "" : String(v); }, keep: function (v) { return v; } };
  // Rubric levels as one line: "完整:2; 部分:1; 缺失:0".
  var levels = {
    show: function (v) {
      return (Array.isArray(v) ? v : []).map(function (l) { return (l.label || "") + ":" + (l.points == null ? "" : l.points); }).join("; ");
    },
    keep: function (text) {
      return text.split(/[;；]/).map(function (s) { return s.trim(); }).filter(Boolean).map(function (part) {
        var at = Math.max(part.lastIndexOf(":"), part.lastIndexOf("："));
        return at < 0 ? { label: part, points: "" } : { label: part.slice(0, at).trim(), points: part.slice(at + 1).trim() };
      });
    }
  };

  var ROWS = {
    single: { key: "choices", cols: [["text", L.text, plain, "wide"], ["fraction", L.percent, percent], ["feedback", L.feedback, plain, "wide"]], blank: { text: "", fraction: "0", feedback: "" } },
    shortanswer: { key: "answers", cols: [["text", L.answer, plain, "wide"], ["fraction", L.percent, percent], ["feedback", L.feedback, plain, "wide"]], blank: { text: "", fraction: "1", feedback: "" } },
    numerical: { key: "numerical_answers", cols: [["value", L.value, plain], ["tolerance", L.tolerance, plain], ["fraction", L.percent, percent], ["feedback", L.feedback, plain, "wide"]], blank: { value: "", tolerance: "0", fraction: "1", feedback: "" } },
    matching: { key: "pairs", cols: [["left", L.left, plain, "wide"], ["right", L.right, plain, "wide"]], blank: { left: "", right: "" } },
    ordering: { key: "items", cols: [[null, L.item, plain, "wide"]], blank: "" },
    essay: { key: "rubric", cols: [["criterion", L.criterion, plain, "wide"], ["levels", L.levels, levels, "wide"]], blank: { criterion: "", levels: [] } }
  };
  ROWS.multi = ROWS.single;
  var FLAGS = { shuffle_choices: L.shuffle, allow_negative_total: L.negative, case_sensitive: L.caseSensitive, normalize_width: L.normalizeWidth };
  var config = ROWS[qtype];
  var data;

  function parse() {
    try { var value = JSON.parse(box.value); return value && typeof value === "object" && !Array.isArray(value) ? value : null; }
    catch (e) { return null; }
  }
  function write() { box.value = JSON.stringify(data, null, 2); }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  function renderRows(panel) {
    var rows = Array.isArray(data[config.key]) ? data[config.key] : (data[config.key] = []);
    var table = el("table", { "class": "table answer-table" });
    var head = el("tr");
    config.cols.forEach(function (col) { head.appendChild(el("th", {}, col[1])); });
    head.appendChild(el("th", {}, ""));
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    rows.forEach(function (row, index) {
      var tr = body.appendChild(el("tr"));
      config.cols.forEach(function (col) {
        var value = col[0] === null ? row : (row || {})[col[0]];
        var input = el("input", { type: "text", "aria-label": col[1] + " " + (index + 1), "class": col[3] || "narrow" });
        input.value = col[2].show(value);
        input.addEventListener("input", function () {
          if (col[0] === null) rows[index] = input.value; else rows[index][col[0]] = col[2].keep(input.value);
          write();
        });
        tr.appendChild(el("td")).appendChild(input);
      });
      var remove = el("button", { type: "button", "class": "button small danger" }, L.remove);
      remove.addEventListener("click", function () { rows.splice(index, 1); write(); render(); });
      tr.appendChild(el("td")).appendChild(remove);
    });
    panel.appendChild(el("div", { "class": "table-scroll" })).appendChild(table);
    var add = el("button", { type: "button", "class": "button small" }, L.add);
    add.addEventListener("click", function () {
      rows.push(typeof config.blank === "string" ? "" : JSON.parse(JSON.stringify(config.blank)));
      write(); render();
      var inputs = host.querySelectorAll("tbody tr:last-child input");
      if (inputs.length) inputs[0].focus();
    });
    panel.appendChild(add);
  }

  function renderTrueFalse(panel) {
    var group = el("fieldset");
    group.appendChild(el("legend", {}, L.rightAnswer));
    [[true, L.isTrue], [false, L.isFalse]].forEach(function (option) {
      var label = el("label", { "class": "check" });
      var radio = el("input", { type: "radio", name: "tf-answer" });
      radio.checked = data.answer === option[0];
      radio.addEventListener("change", function () { data.answer = option[0]; write(); });
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + option[1]));
      group.appendChild(label);
    });
    panel.appendChild(group);
    [["feedback_true", L.feedbackTrue], ["feedback_false", L.feedbackFalse]].forEach(function (pair) {
      var field = panel.appendChild(el("div", { "class": "field" }));
      field.appendChild(el("label", {}, pair[1]));
      var input = field.appendChild(el("input", { type: "text", "aria-label": pair[1] }));
      input.value = data[pair[0]] || "";
      input.addEventListener("input", function () { data[pair[0]] = input.value; write(); });
    });
  }

  function renderTexts(panel) {
    if (!("response_template" in data)) return;
    var field = panel.appendChild(el("div", { "class": "field" }));
    field.appendChild(el("label", { "for": "response-template" }, L.responseTemplate));
    var area = field.appendChild(el("textarea", { id: "response-template", rows: "3" }));
    area.value = data.response_template || "";
    area.addEventListener("input", function () { data.response_template = area.value; write(); });
  }

  function renderFlags(panel) {
    Object.keys(FLAGS).forEach(function (key) {
      if (!(key in data)) return;
      var label = el("label", { "class": "check" });
      var box2 = el("input", { type: "checkbox" });
      box2.checked = !!data[key];
      box2.addEventListener("change", function () { data[key] = box2.checked; write(); });
      label.appendChild(box2);
      label.appendChild(document.createTextNode(" " + FLAGS[key]));
      panel.appendChild(label);
    });
  }

  function render() {
    host.innerHTML = "";
    if (config) renderRows(host);
    else if (qtype === "truefalse") renderTrueFalse(host);
    renderTexts(host);
    renderFlags(host);
  }

  function start() {
    data = parse();
    if (!data || !(config || qtype === "truefalse")) return false;
    render();
    box.closest(".field").classList.add("json-hidden");
    host.hidden = false;
    toggle.textContent = L.asJson;
    return true;
  }

  // The chosen mode sticks (per browser), so a page re-shown with errors opens the same way.
  function remember(mode) { try { localStorage.setItem("bank-editor-mode", mode); } catch (e) { /* private mode */ } }
  function preferred() { try { return localStorage.getItem("bank-editor-mode"); } catch (e) { return null; } }

  var toggle = el("button", { type: "button", "class": "button small link-like" });
  toggle.addEventListener("click", function () {
    var field = box.closest(".field");
    if (field.classList.contains("json-hidden")) {
      field.classList.remove("json-hidden");
      host.hidden = true;
      toggle.textContent = L.asTable;
      remember("json");
      box.focus();
    } else if (start()) {
      remember("table");
    } else {
      toggle.textContent = L.fixJson;
    }
  });
  host.parentNode.insertBefore(toggle, host.nextSibling);
  if (preferred() === "json" || !start()) {
    toggle.textContent = L.asTable;
    if (!config && qtype !== "truefalse") toggle.hidden = true;
  }
})();
