// Practice sets: answers autosave through quiz.js; "Check answer" sends the answer to be graded
// and shows the feedback the server renders, then locks the question.
(function () {
  "use strict";
  var app = document.getElementById("quiz-app");
  if (!app || !window.QuizAnswers) return;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var msg = function (name) { return app.dataset["msg" + name] || ""; };

  function checkUrl(questionId) {
    return app.dataset.checkUrl.replace(/\/answers\/0\/check$/, "/answers/" + questionId + "/check");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".check-answer");
    if (!button) return;
    var box = button.closest("fieldset.question");
    var qid = box.dataset.questionId;
    var status = box.querySelector(".item-status");
    window.QuizAnswers.forget(qid);
    button.disabled = true;
    status.textContent = msg("Checking");
    fetch(checkUrl(qid), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ response: window.QuizAnswers.responseOf(box) })
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) throw new Error(body.message || msg("Checkfailed"));
        return body;
      });
    }).then(function (body) {
      box.querySelector(".feedback-box").innerHTML = body.html;
      box.disabled = true;
      button.remove();
      status.textContent = "";
      var done = document.getElementById("done-count");
      if (done) done.textContent = String(parseInt(done.textContent, 10) + 1);
      box.querySelector(".feedback-box").focus();
    }).catch(function (err) {
      button.disabled = false;
      status.textContent = err.message || msg("Checkfailed");
    });
  });
})();
