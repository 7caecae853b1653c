// Quiz taking: autosave every answer through the JSON API, keep a copy in localStorage until the
// server confirms it, re-send on reconnect, count down to the server's deadline. A session that
// ended (401, 403, or an expired CSRF token) loses nothing: the copy stays on the device, the page
// says so and offers to sign in again, and the answers are sent when the page opens again.
(function () {
  "use strict";
  var app = document.getElementById("quiz-app");
  if (!app) return;
  var attemptId = app.dataset.attemptId;
  var storeKey = "quiz-attempt-" + attemptId;
  // Answers travel through the API one by one; the answer form itself is never submitted.
  var answerForm = document.getElementById("attempt-form");
  if (answerForm) {
    answerForm.addEventListener("submit", function (event) {
      event.preventDefault();
    });
  }
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var status = document.getElementById("save-status");
  var msg = function (name) { return app.dataset["msg" + name] || ""; };
  var closed = false;
  var signedOut = false;
  var signInAgain = document.getElementById("sign-in-again");

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function store(data) {
    try { localStorage.setItem(storeKey, JSON.stringify(data)); } catch (e) { /* private mode */ }
  }
  function setStatus(text, state) {
    if (status) { status.textContent = text; status.dataset.state = state || ""; }
  }

  // --- reading and writing one question's response -------------------------------------
  function responseOf(box) {
    var type = box.dataset.type;
    var name = "q" + box.dataset.questionId;
    var inputs = box.querySelectorAll('[name="' + name + '"]');
    if (type === "single") {
      var on = box.querySelector('input[name="' + name + '"]:checked');
      return on ? parseInt(on.value, 10) : null;
    }
    if (type === "multi") {
      return Array.prototype.filter.call(inputs, function (i) { return i.checked; })
        .map(function (i) { return parseInt(i.value, 10); });
    }
    if (type === "truefalse") {
      var tf = box.querySelector('input[name="' + name + '"]:checked');
      return tf ? tf.value === "true" : null;
    }
    if (type === "matching") {
      var map = {};
      inputs.forEach(function (s) { if (s.value) map[s.dataset.stem] = s.value; });
      return map;
    }
    if (type === "ordering") {
      return Array.prototype.map.call(box.querySelectorAll(".ordering li"), function (li) {
        return parseInt(li.dataset.index, 10);
      });
    }
    return inputs.length ? inputs[0].value : null;
  }

  function applyResponse(box, value) {
    var type = box.dataset.type;
    var name = "q" + box.dataset.questionId;
    var inputs = box.querySelectorAll('[name="' + name + '"]');
    if (type === "single" || type === "multi" || type === "truefalse") {
      inputs.forEach(function (i) {
        if (type === "single") i.checked = value !== null && parseInt(i.value, 10) === value;
        else if (type === "multi") i.checked = (value || []).indexOf(parseInt(i.value, 10)) >= 0;
        else i.checked = value !== null && (i.value === "true") === value;
      });
    } else if (type === "matching") {
      inputs.forEach(function (s) { s.value = (value || {})[s.dataset.stem] || ""; });
    } else if (type === "ordering") {
      var list = box.querySelector(".ordering");
      (value || []).forEach(function (index) {
        var li = list.querySelector('li[data-index="' + index + '"]');
        if (li) list.appendChild(li);
      });
    } else if (inputs.length && typeof value === "string") {
      inputs[0].value = value;
    }
  }

  // --- saving ---------------------------------------------------------------------------
  function send(questionId, response) {
    var url = app.dataset.saveUrl + questionId;
    return fetch(url, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ response: response })
    }).then(function (res) {
      if (res.status === 409) { attemptClosed(); throw new Error("closed"); }
      if (!res.ok) {
        return res.json().catch(function () { return {}; }).then(function (body) {
          var err = new Error(body.message || msg("Error"));
          err.signedOut = res.status === 401 || res.status === 403 || body.reason === "csrf";
          err.permanent = res.status < 500 && !err.signedOut;
          throw err;
        });
      }
      return res.json();
    });
  }

  function itemStatus(questionId, text) {
    var box = document.getElementById("q-" + questionId);
    var p = box && box.querySelector(".item-status");
    if (p) p.textContent = text;
  }

  function save(questionId, response) {
    var pending = load();
    pending[questionId] = { response: response, at: Date.now() };
    store(pending);
    setStatus(msg("Saving"), "saving");
    return send(questionId, response).then(function () {
      var now = load();
      // keep a newer local change that was made while this request was under way
      if (now[questionId] && now[questionId].at === pending[questionId].at) delete now[questionId];
      store(now);
      itemStatus(questionId, msg("Saved"));
      setStatus(Object.keys(now).length ? msg("Offline") : msg("Saved"), "saved");
    }).catch(function (err) {
      if (closed) return;
      if (err.signedOut) {
        // Keep the copy (it is sent once the user is signed in again) and say what to do.
        signedOut = true;
        setStatus(msg("Signin"), "signed-out");
        if (signInAgain) signInAgain.hidden = false;
      } else if (err.permanent) {
        var left = load(); delete left[questionId]; store(left);
        itemStatus(questionId, err.message); setStatus(msg("Error"), "error");
      } else {
        setStatus(msg("Offline"), "offline");
      }
    });
  }

  function flush() {
    var pending = load();
    return Promise.all(Object.keys(pending).map(function (qid) {
      return save(qid, pending[qid].response);
    }));
  }

  var timers = {};
  function onChange(event) {
    var box = event.target.closest("fieldset.question");
    if (!box || closed) return;
    var qid = box.dataset.questionId;
    var delay = event.type === "input" ? 600 : 0;
    clearTimeout(timers[qid]);
    timers[qid] = setTimeout(function () { save(qid, responseOf(box)); }, delay);
  }
  document.addEventListener("change", onChange);
  document.addEventListener("input", function (e) {
    if (e.target.matches("input[type=text], textarea")) onChange(e);
  });

  // ordering: app.js moves the item; the new order is saved like any other change
  document.addEventListener("ordering:moved", function (event) {
    onChange({ target: event.target, type: "change" });
  });

  // The practice page checks answers one by one (static/js/practice.js): it reads a response
  // the same way, and a checked answer must not be autosaved again.
  window.QuizAnswers = {
    responseOf: responseOf,
    forget: function (questionId) {
      clearTimeout(timers[questionId]);
      var left = load(); delete left[questionId]; store(left);
    }
  };

  // --- restore what the server has not confirmed yet, then re-send it ---------------------
  var pending = load();
  Object.keys(pending).forEach(function (qid) {
    var box = document.getElementById("q-" + qid);
    if (box) applyResponse(box, pending[qid].response);
  });
  if (Object.keys(pending).length) flush();
  window.addEventListener("online", flush);
  setInterval(function () {
    if (Object.keys(load()).length && !closed && !signedOut) flush();
  }, 15000);

  // the summary page's submit button: upload everything first
  var submitForm = document.getElementById("submit-form");
  if (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      if (!Object.keys(load()).length) return;
      event.preventDefault();
      flush().then(function () { submitForm.submit(); });
    });
  }

  function attemptClosed() {
    if (closed) return;
    closed = true;
    localStorage.removeItem(storeKey);
    window.location.href = app.dataset.reviewUrl;
  }

  // --- countdown to the server's deadline -------------------------------------------------
  var clock = document.querySelector(".countdown");
  if (clock) {
    var deadline = Date.parse(clock.dataset.deadline);
    var skew = Date.parse(clock.dataset.serverNow) - Date.now();
    var out = document.getElementById("countdown");
    var tick = function () {
      // ceil: reach 0 only once the deadline has really passed on the server
      var left = Math.max(0, Math.ceil((deadline - (Date.now() + skew)) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      out.textContent = (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
      clock.classList.toggle("urgent", left <= 60);
      if (left === 0 && !closed) {
        clearInterval(timer);
        setStatus(msg("Timeup"), "saving");
        flush().then(function () {
          return fetch(app.dataset.submitUrl, {
            method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf }
          });
        }).finally(attemptClosed);
      }
    };
    var timer = setInterval(tick, 1000);
    tick();
  }
})();
