// Small comforts on top of forms that work without this script: answers save
// as they are given, Enter in an answer saves it, an in-page dialog asks
// before submitting with questions unanswered (the server asks too, for
// pages without this script), and a timed attempt shows a ticking clock,
// speaks at a few thresholds and submits itself when time is up.
// Every word shown comes from the page's data attributes, translated there.
(function () {
  "use strict";

  function addHidden(form, name) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = "1";
    form.appendChild(input);
  }

  function firstInput(fieldset) {
    return fieldset.querySelector("input:checked:not([type=hidden])") ||
      fieldset.querySelector("input:not([type=hidden])");
  }

  function goToQuestion(fieldset) {
    var input = firstInput(fieldset);
    fieldset.scrollIntoView({ block: "start" });
    if (input) input.focus({ preventScroll: true });
  }

  // --- The error summary: its links take the focus into the question. ---
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var target = link && document.getElementById(link.hash.slice(1));
      if (!target) return;
      event.preventDefault();
      goToQuestion(target);
    });
  }

  // --- The countdown of a timed attempt. ---
  var countdown = document.querySelector("[data-countdown]");
  if (countdown) startCountdown(countdown);

  function startCountdown(box) {
    var clock = box.querySelector("[data-countdown-clock]");
    var time = box.querySelector("[data-countdown-time]");
    var region = box.querySelector("[data-countdown-announce]");
    var thresholds = Array.prototype.filter.call(region.attributes, function (attr) {
      return /^data-at-\d+$/.test(attr.name);
    }).map(function (attr) {
      return { seconds: Number(attr.name.slice(8)), text: attr.value };
    }).sort(function (a, b) { return b.seconds - a.seconds; });
    // Counted from the server's figure on this machine's monotonic clock, so
    // a wrong clock on the student's computer changes nothing.
    var end = performance.now() + Number(box.dataset.secondsLeft) * 1000;
    var last = Number(box.dataset.secondsLeft);
    var timer = null;
    var done = false;

    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function show(left) {
      var h = Math.floor(left / 3600);
      var m = Math.floor((left % 3600) / 60);
      var s = left % 60;
      time.textContent = (h ? h + ":" + pad(m) : String(m)) + ":" + pad(s);
    }

    function tick() {
      if (done) return;
      var left = Math.max(0, Math.ceil((end - performance.now()) / 1000));
      show(left);
      box.classList.toggle("countdown--low", left <= 60);
      // Only the lowest threshold crossed since the last tick is spoken: a
      // tab woken from the background says one thing, not five.
      var crossed = null;
      thresholds.forEach(function (t) {
        if (last > t.seconds && left <= t.seconds) crossed = t;
      });
      if (crossed) region.textContent = crossed.text;
      last = left;
      if (left === 0) timeUp();
    }

    function timeUp() {
      done = true;
      clearInterval(timer);
      var form = document.querySelector("form[data-time-up-submit]");
      if (!form) return;
      var dialog = document.querySelector("dialog[open]");
      if (dialog) dialog.close();
      addHidden(form, "time_up");
      addHidden(form, "confirm");
      // A moment for the announcement to be heard; the server allows for it.
      setTimeout(function () { form.submit(); }, 1500);
    }

    clock.hidden = false;
    if (last === 0) last = 1;  // already up on arrival: still say so once
    tick();
    timer = setInterval(tick, 1000);
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) tick();
    });
  }

  // --- Autosave and the confirmation before submitting. ---
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var status = form.querySelector("[data-save-status]");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timers = {};
  var inflight = {};  // one save per question at a time, so versions stay in step
  var pending = {};
  var slow = null;
  var failed = {};
  var tries = {};

  // A live region speaks on every change: change it only when the news changes.
  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

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

  function isBlank(answer) {
    return answer === null || answer.length === 0 ||
      (typeof answer === "string" && answer.trim() === "");
  }

  function settled() {
    for (var key in inflight) { if (inflight[key]) return; }
    clearTimeout(slow);
    slow = null;
    var problem = null;
    for (var k in failed) { if (failed[k]) problem = failed[k]; }
    say(problem || form.dataset.saved);
  }

  function save(fieldset) {
    var key = fieldset.dataset.question;
    clearTimeout(timers[key]);
    if (inflight[key]) { pending[key] = true; return; }
    inflight[key] = true;
    var version = fieldset.querySelector("input[name^='v-']");
    // "Saving…" only when a save is slow: a quick one goes straight to "Saved".
    if (!slow) slow = setTimeout(function () { say(form.dataset.saving); }, 600);
    fetch(form.dataset.autosave, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ question: key, answer: answerOf(fieldset), version: Number(version.value) })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, busy: response.status >= 500, data: data };
      });
    }).then(function (result) {
      if (result.ok) {
        version.value = result.data.version;
        failed[key] = null;
        tries[key] = 0;
      } else {
        failed[key] = result.data.error || form.dataset.refused;
        if (result.busy) retryLater(fieldset);
      }
    }, function () {
      failed[key] = form.dataset.offline;
      retryLater(fieldset);
    }).then(function () {
      inflight[key] = false;
      if (pending[key]) { pending[key] = false; save(fieldset); return; }
      settled();
    });
  }

  // A dropped connection or a busy server: try again a few times, then wait
  // for the browser to come back online (or the student to press Save).
  function retryLater(fieldset) {
    var key = fieldset.dataset.question;
    tries[key] = (tries[key] || 0) + 1;
    if (tries[key] > 3) return;
    timers[key] = setTimeout(function () { save(fieldset); }, 2000 * tries[key]);
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    if (!fieldset) return;
    tries[fieldset.dataset.question] = 0;
    save(fieldset);
  });
  form.addEventListener("input", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    if (!fieldset || event.target.type !== "text") return;
    tries[fieldset.dataset.question] = 0;
    clearTimeout(timers[fieldset.dataset.question]);
    timers[fieldset.dataset.question] = setTimeout(function () { save(fieldset); }, 800);
  });
  // Enter in an answer saves that answer, here, instead of posting the page.
  form.addEventListener("keydown", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    if (event.key !== "Enter" || event.isComposing) return;
    if (!fieldset || event.target.tagName !== "INPUT") return;
    event.preventDefault();
    save(fieldset);
  });
  window.addEventListener("online", function () {
    Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-question]"), function (f) {
      if (failed[f.dataset.question]) { tries[f.dataset.question] = 0; save(f); }
    });
  });
  // The form posts every answer: saves still waiting for a pause are not needed.
  form.addEventListener("submit", function () {
    for (var key in timers) clearTimeout(timers[key]);
  });

  var dialog = document.querySelector("dialog[data-confirm-dialog]");
  var submit = form.querySelector("[data-submit]");
  if (!dialog || typeof dialog.showModal !== "function") return;  // the server asks instead
  var backTo = null;

  submit.addEventListener("click", function (event) {
    var blank = Array.prototype.filter.call(
      form.querySelectorAll("fieldset[data-question]"),
      function (f) { return isBlank(answerOf(f)); }
    );
    if (!blank.length) return;
    event.preventDefault();
    var numbers = blank.map(function (f) { return f.dataset.number; }).join(", ");
    var text = blank.length === 1 ? dialog.dataset.one : dialog.dataset.many;
    dialog.querySelector("[data-confirm-message]").textContent =
      text.replace("{count}", blank.length).replace("{numbers}", numbers);
    backTo = blank[0];
    dialog.showModal();
  });
  dialog.querySelector("[data-confirm-back]").addEventListener("click", function () {
    dialog.close("back");
  });
  dialog.addEventListener("close", function () {
    if (dialog.returnValue === "back" && backTo) goToQuestion(backTo);
    else submit.focus();
    dialog.returnValue = "";
  });
}());
