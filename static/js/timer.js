// Hold timer for drills dosed in seconds. Without JavaScript the dose is still written on the card.
(function () {
  "use strict";
  var running = new WeakMap();

  function format(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  function parts(timer) {
    return {
      display: timer.querySelector("[data-timer-display]"),
      status: timer.querySelector("[data-timer-status]"),
      total: Number(timer.dataset.seconds) || 0
    };
  }
  function init(timer) {
    if (timer.dataset.ready) return;
    timer.dataset.ready = "1";
    timer.dataset.left = timer.dataset.seconds;
    parts(timer).display.textContent = format(Number(timer.dataset.seconds));
    timer.hidden = false;
  }
  function say(timer, text) {
    parts(timer).status.textContent = text;
  }
  function stop(timer) {
    var state = running.get(timer);
    if (state) clearInterval(state.interval);
    running.delete(timer);
    timer.classList.remove("is-running");
  }
  function tick(timer) {
    var state = running.get(timer);
    if (!state) return;
    var left = (state.endsAt - Date.now()) / 1000;
    timer.dataset.left = String(Math.max(0, left));
    parts(timer).display.textContent = format(left);
    if (left <= 0) {
      stop(timer);
      timer.dataset.left = timer.dataset.seconds;
      timer.classList.add("is-finished");
      say(timer, "Time. Rest, then switch side or start the next set.");
      if (navigator.vibrate) navigator.vibrate(300);
    } else if (!state.halfSaid && left <= state.total / 2) {
      state.halfSaid = true;
      say(timer, "Halfway: " + Math.ceil(left) + " seconds left.");
    }
  }
  function start(timer) {
    if (running.has(timer)) return;
    var total = Number(timer.dataset.seconds);
    var left = Number(timer.dataset.left) || total;
    timer.classList.remove("is-finished");
    timer.classList.add("is-running");
    running.set(timer, { endsAt: Date.now() + left * 1000, total: total, halfSaid: left <= total / 2, interval: setInterval(function () { tick(timer); }, 250) });
    say(timer, "Hold for " + Math.ceil(left) + " seconds.");
  }
  function pause(timer) {
    if (!running.has(timer)) return;
    tick(timer);
    stop(timer);
    say(timer, "Paused with " + Math.ceil(Number(timer.dataset.left)) + " seconds left.");
  }
  function reset(timer) {
    stop(timer);
    timer.classList.remove("is-finished");
    timer.dataset.left = timer.dataset.seconds;
    parts(timer).display.textContent = format(Number(timer.dataset.seconds));
    say(timer, "Reset to " + timer.dataset.seconds + " seconds.");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-timer-action]");
    if (!button) return;
    var timer = button.closest("[data-timer]");
    if (!timer) return;
    var action = button.dataset.timerAction;
    if (action === "start") start(timer);
    else if (action === "pause") pause(timer);
    else if (action === "reset") reset(timer);
  });
  function initAll(root) {
    if (root.matches && root.matches("[data-timer]")) init(root);
    root.querySelectorAll("[data-timer]").forEach(init);
  }
  document.addEventListener("htmx:load", function (event) { initAll(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  } else {
    initAll(document);
  }
})();
