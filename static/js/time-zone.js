// Tells the server the browser's time zone once, while the signed-in person has none
// (base.html loads this file only then). Without JavaScript the site's zone stays.
(function () {
  "use strict";
  var script = document.currentScript;
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!zone || !script || !window.fetch) {
    return;
  }
  var body = new URLSearchParams();
  body.set("time_zone", zone);
  fetch(script.dataset.url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": script.dataset.csrf },
    body: body,
  });
})();
