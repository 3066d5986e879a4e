// Shows the certificate's Print button. Without this script the page still
// says how to print from the browser's own menu.
(function () {
  "use strict";
  var button = document.querySelector("[data-print-certificate]");
  if (!button || typeof window.print !== "function") return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
