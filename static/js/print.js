// "Print this plan": shows the button only when this script runs (without it the
// page's hint says to use the browser's Print) and opens the print dialog.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
