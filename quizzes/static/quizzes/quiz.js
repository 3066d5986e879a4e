// Saves each answer as the student gives it, and asks before submitting
// with questions unanswered. The form works without this script: its Save
// and Submit buttons post every answer.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var status = form.querySelector("[data-save-status]");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timers = {};
  var inflight = {};  // one save per question at a time, so versions stay in step
  var pending = {};

  function say(text) { status.textContent = text; }

  function answerOf(fieldset) {
    var type = fieldset.dataset.type;
    var inputs = fieldset.querySelectorAll("input[name^='q-']");
    if (type === "multiple_answer") {
      return Array.prototype.filter.call(inputs, function (i) { return i.checked; })
        .map(function (i) { return i.value; });
    }
    if (type === "single_choice" || type === "true_false") {
      var picked = fieldset.querySelector("input[name^='q-']:checked");
      return picked ? picked.value : null;
    }
    return inputs[0].value;
  }

  function save(fieldset) {
    var key = fieldset.dataset.question;
    if (inflight[key]) { pending[key] = true; return; }
    inflight[key] = true;
    var version = fieldset.querySelector("input[name^='v-']");
    say("Saving…");
    fetch(form.dataset.autosave, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({
        question: fieldset.dataset.question,
        answer: answerOf(fieldset),
        version: Number(version.value)
      })
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (result.ok) {
        version.value = result.data.version;
        say("All answers saved.");
      } else {
        say(result.data.error || "Not saved. Use the Save answers button.");
      }
    }).catch(function () {
      say("Not saved: the connection dropped. Your answers are still on this page; use Save answers when you are back online.");
    }).then(function () {
      inflight[key] = false;
      if (pending[key]) { pending[key] = false; save(fieldset); }
    });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    if (fieldset) save(fieldset);
  });
  form.addEventListener("input", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    if (!fieldset || event.target.type !== "text") return;
    clearTimeout(timers[fieldset.dataset.question]);
    timers[fieldset.dataset.question] = setTimeout(function () { save(fieldset); }, 800);
  });
  form.querySelector("[data-submit]").addEventListener("click", function (event) {
    var empty = Array.prototype.filter.call(
      form.querySelectorAll("fieldset[data-question]"),
      function (f) { var a = answerOf(f); return a === null || a === "" || a.length === 0; }
    ).length;
    if (empty && !window.confirm(empty + " question(s) have no answer. Submit anyway?")) {
      event.preventDefault();
    }
  });
}());
