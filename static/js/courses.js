// Courses: live Markdown preview in the lesson editor, and remembering the reading position.
(function () {
  "use strict";
  var token = document.querySelector('meta[name="csrf-token"]');
  var csrf = token ? token.getAttribute("content") : "";

  function postJSON(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify(payload),
    });
  }

  // Editor: render the textarea through the server's own pipeline, 400 ms after typing stops.
  var editor = document.querySelector("[data-preview-url]");
  if (editor) {
    var textarea = editor.querySelector("textarea");
    var target = editor.querySelector("[data-preview]");
    var status = editor.querySelector("[data-preview-status]");
    var nojs = document.querySelector("[data-nojs-preview]");
    if (nojs) nojs.hidden = true;
    var timer = null;
    var sequence = 0;
    var refresh = function () {
      var mine = ++sequence;
      if (status) status.textContent = "…";
      postJSON(editor.getAttribute("data-preview-url"), { markdown: textarea.value })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (mine !== sequence) return; // an older answer arriving late must not win
          if (data.html !== undefined) {
            target.innerHTML = data.html; // already sanitized by the server (nh3)
            if (status) status.textContent = "";
          } else if (status) {
            status.textContent = data.error || "";
          }
        })
        .catch(function () { if (status) status.textContent = "⚠"; });
    };
    var dirty = false;
    textarea.addEventListener("input", function () {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    // Leaving the page with unsaved text asks first; saving (submitting the form) does not.
    var form = textarea.form;
    if (form) form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  // Lesson: resume at the last position, then remember how far the reader got.
  var lesson = document.querySelector("[data-position-url]");
  if (lesson) {
    var url = lesson.getAttribute("data-position-url");
    var last = parseInt(lesson.getAttribute("data-last-position") || "0", 10);
    var scrollable = function () {
      return Math.max(1, document.documentElement.scrollHeight - window.innerHeight);
    };
    if (last > 0 && !window.location.hash) {
      window.scrollTo(0, Math.round((scrollable() * last) / 100));
    }
    var saved = last;
    var pending = null;
    var current = function () {
      return Math.min(100, Math.max(0, Math.round((window.scrollY / scrollable()) * 100)));
    };
    var send = function () {
      var value = current();
      if (Math.abs(value - saved) < 5) return;
      saved = value;
      postJSON(url, { position: value });
    };
    window.addEventListener("scroll", function () {
      clearTimeout(pending);
      pending = setTimeout(send, 1000);
    }, { passive: true });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") send();
    });
  }
})();
