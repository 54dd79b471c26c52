// Plan page: register the service worker and say plainly when there is no signal.
(function () {
  "use strict";
  var script = document.currentScript;
  if ("serviceWorker" in navigator && script && script.dataset.sw) {
    navigator.serviceWorker.register(script.dataset.sw, { scope: script.dataset.scope }).catch(function () {});
  }
  var notice = document.getElementById("offline-notice");
  function show(text) {
    if (!notice) return;
    if (text) notice.textContent = text;
    notice.hidden = false;
    notice.focus();
  }
  function update() {
    if (notice) notice.hidden = navigator.onLine;
  }
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  update();

  var NEEDS_SIGNAL = "No signal: this needs a connection. Try again when you are back online; nothing was lost from your plan.";
  // Plain forms and htmx forms alike: do not pretend a drill was saved while offline.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.action && form.action.indexOf("logout") !== -1) {
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("forget-plan");
      }
      return;
    }
    // Drills done and pain wait on the phone instead (js/plan-offline.js).
    if (!navigator.onLine && !form.hasAttribute("data-offline")) {
      event.preventDefault();
      event.stopPropagation();
      show(NEEDS_SIGNAL);
    }
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (!navigator.onLine && !(elt && elt.hasAttribute && elt.hasAttribute("data-offline"))) {
      event.preventDefault();
      show(NEEDS_SIGNAL);
    }
  });
  document.addEventListener("htmx:sendError", function () { show(NEEDS_SIGNAL); });
})();
