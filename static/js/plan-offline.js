// Plan page: a drill marked done or pain reported without signal waits on this phone
// (localStorage) and is sent when the phone is back online. Each mark carries the day it
// was made for (the form's own "day" field); the server accepts it up to a week late.
// Without JavaScript the forms post as usual.
(function () {
  "use strict";
  var KEY = "weaklink-plan-queue";
  var status = document.getElementById("plan-status");
  var notice = document.getElementById("offline-notice");
  var sending = false;

  function load() {
    try {
      var queue = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(queue) ? queue : [];
    } catch (error) {
      return [];
    }
  }

  function save(queue) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(queue));
      return true;
    } catch (error) {
      return false;
    }
  }

  function announce(text) {
    if (status) status.textContent = text;
  }

  function note(form, text) {
    var holder = form.parentNode;
    var line = holder.querySelector("[data-queued-note]");
    if (!line) {
      line = document.createElement("p");
      line.className = "queued-note";
      line.setAttribute("data-queued-note", "");
      holder.insertBefore(line, form);
    }
    line.textContent = text;
    announce(text);
  }

  function field(fields, name) {
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i][0] === name) return fields[i][1];
    }
    return "";
  }

  function flipDone(form, nowDone) {
    var wanted = form.querySelector('input[name="done"]');
    var button = form.querySelector('button[type="submit"]');
    var card = form.closest("article");
    var name = card ? card.getAttribute("data-drill-name") : "";
    if (wanted) wanted.value = nowDone ? "0" : "1";
    if (button) {
      button.textContent = nowDone ? "Undo" : "Mark done";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = nowDone ? ": " + name + " not done yet" : ": " + name;
      button.appendChild(hidden);
      button.classList.toggle("primary", !nowDone);
    }
  }

  function queueForm(form, submitter) {
    var data = new FormData(form, submitter || undefined);
    var fields = [];
    data.forEach(function (value, name) {
      if (typeof value === "string") fields.push([name, value]);
    });
    var key = form.action + "|" + field(fields, "day");
    var queue = load().filter(function (item) { return item.key !== key; });
    queue.push({ key: key, url: form.action, fields: fields, at: Date.now() });
    if (!save(queue)) {
      note(form, "No signal, and this phone could not keep the mark. Try again when you are back online.");
      return;
    }
    var kind = form.getAttribute("data-offline");
    if (kind === "done") {
      var nowDone = field(fields, "done") === "1";
      flipDone(form, nowDone);
      note(form, (nowDone ? "Marked done" : "Marked not done") + ". Will send when online.");
    } else {
      note(form, "Pain " + field(fields, "pain") + "/10 kept on this phone. Will send when online.");
    }
  }

  function flush() {
    if (sending || !navigator.onLine) return;
    var queue = load();
    if (!queue.length) return;
    sending = true;
    var item = queue[0];
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    window.fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual"
    }).then(function (response) {
      sending = false;
      if (response.status >= 500) return; // the server is having trouble: try again later
      // Saved, or refused with a message the plan page shows: either way it is settled.
      var rest = load().filter(function (other) { return !(other.key === item.key && other.at === item.at); });
      save(rest);
      if (rest.length) {
        flush();
      } else {
        announce("Back online: your marks were sent.");
        window.location.reload();
      }
    }, function () {
      sending = false; // still no signal: the next "online" event tries again
    });
  }

  // Capture phase: runs before htmx and before the page's "needs signal" guard.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (navigator.onLine || !form.hasAttribute || !form.hasAttribute("data-offline")) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    queueForm(form, event.submitter);
    if (notice) notice.hidden = false;
  }, true);

  window.addEventListener("online", flush);
  if (load().length) {
    announce("Marks made without signal will send when online.");
  }
  flush();
})();
