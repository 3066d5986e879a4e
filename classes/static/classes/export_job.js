// A background export's page: asks the server for the job's progress every
// few seconds and moves the bar and its words; once the job has finished or
// failed, reloads the page, which then shows the download or the error.
// Without this script the page reloads itself (a <meta refresh> in <noscript>).
(function () {
  "use strict";

  const job = document.querySelector("[data-export-status-url]");
  if (!job) {
    return;
  }
  const url = job.dataset.exportStatusUrl;
  const every = 1000 * Number(job.dataset.exportPollSeconds || 2);
  const bar = job.querySelector("progress");
  const words = job.querySelector("[data-export-text]");

  function show(status) {
    if (status.total > 0) {
      bar.max = status.total;
      bar.value = status.done;
    }
    if (words.textContent !== status.text) {
      words.textContent = status.text;
      bar.textContent = status.text;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.statusText);
        }
        return response.json();
      })
      .then(function (status) {
        if (status.finished) {
          window.location.reload();
          return;
        }
        show(status);
        window.setTimeout(poll, every);
      })
      .catch(function () {
        // Signed out, offline or a server hiccup: ask again, less often.
        window.setTimeout(poll, every * 5);
      });
  }

  window.setTimeout(poll, every);
})();
