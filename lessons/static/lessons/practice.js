// Small comforts on top of a practice form that works without this script:
// a live word count, what the student was typing kept for this tab if the
// page reloads or a check fails to reach the server, and the focus moved to
// the feedback a check leads to. Words shown come from data attributes,
// translated in the page.
(function () {
  "use strict";

  function words(text) {
    var found = text.match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu);
    return found ? found.length : 0;
  }

  document.querySelectorAll("[data-practice-form]").forEach(function (form) {
    var box = form.querySelector("[data-practice-text]");
    var count = form.querySelector("[data-practice-count]");
    if (!box) return;
    var key = "practice:" + form.getAttribute("action");

    function showCount() {
      if (!count) return;
      var n = words(box.value);
      count.textContent = n === 1 ? count.dataset.wordsOne : count.dataset.wordsMany.replace("%s", n);
      count.hidden = false;
    }

    try {
      var kept = window.sessionStorage.getItem(key);
      var same = kept !== null && kept.trim() === box.value.trim();
      if (kept !== null && !same && !box.hasAttribute("aria-invalid")) {
        box.value = kept;
        if (count && count.dataset.restored) {
          var note = document.createElement("p");
          note.className = "note";
          note.textContent = count.dataset.restored;
          box.parentNode.insertBefore(note, box);
        }
      } else if (same) {
        window.sessionStorage.removeItem(key);
      }
      box.addEventListener("input", function () {
        window.sessionStorage.setItem(key, box.value);
      });
    } catch (error) {
      // Storage is off (a private window, a browser setting): nothing is kept.
    }
    box.addEventListener("input", showCount);
    showCount();
  });

  var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.classList.contains("coach")) target.focus();
})();
