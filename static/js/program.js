// The program page answers a refused edit with 400 (field messages) or 409
// (someone else saved first). htmx does not swap error answers by default;
// these carry the updated region with the message, so swap them in.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if (status === 400 || status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
