// Rep and flag times on the squat video review page seek the player in place.
// Without this file the links still work: they open the clip at #t=seconds.
(function () {
  "use strict";
  var player = document.getElementById("squat-clip");
  if (!player) return;
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-seek]");
    if (!link) return;
    var seconds = parseFloat(link.getAttribute("data-seek"));
    if (isNaN(seconds)) return;
    event.preventDefault();
    player.currentTime = seconds;
    player.focus();
    if (player.scrollIntoView) player.scrollIntoView({ block: "nearest" });
  });
})();
