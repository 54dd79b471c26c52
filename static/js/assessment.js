// Assessment entry helpers. Everything here is an extra: without JavaScript
// the server reads distances in the chosen unit and checks fields on save.
(function () {
  "use strict";
  var CM_PER_INCH = 2.54;
  var DISTANCES = ["ktw_left_cm", "ktw_right_cm"];

  function checkedUnit(form) {
    var checked = form.querySelector("input[name='unit']:checked");
    return checked ? checked.value : "cm";
  }

  // Switching the unit converts what is already typed, so a knee-to-wall
  // value never silently changes meaning (7 cm must not become 7 in).
  function setup(form) {
    var unit = checkedUnit(form);
    form.addEventListener("change", function (event) {
      if (event.target.name !== "unit") return;
      var next = checkedUnit(form);
      if (next === unit) return;
      unit = next;
      form.querySelectorAll("[data-unit-suffix]").forEach(function (suffix) {
        suffix.textContent = next;
      });
      DISTANCES.forEach(function (name) {
        var input = form.elements[name];
        if (!input || input.value.trim() === "") return;
        var value = Number(input.value);
        if (!Number.isFinite(value)) return;
        var converted = next === "in" ? value / CM_PER_INCH : value * CM_PER_INCH;
        input.value = String(Math.round(converted * 100) / 100);
        // Check it again in the new unit (the message names the unit's limit).
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  // The dynamometer readings show the unit chosen for them.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || target.name !== "abduction_dyn_unit" || !target.form) return;
    target.form.querySelectorAll("[data-dyn-suffix]").forEach(function (suffix) {
      suffix.textContent = target.value;
    });
  });

  // A field check answers for the value and unit it was sent; if either has
  // changed on screen since, its answer is stale and must not overwrite them.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var config = event.detail.requestConfig;
    if (!target || !config || !config.formData || target.id.indexOf("field-") !== 0) return;
    var form = target.closest("form[data-session-form]");
    if (!form) return;
    var name = target.id.slice("field-".length);
    var input = form.elements[name];
    if (!input || input.value === undefined) return;
    var sentValue = config.formData.get(name);
    var sentUnit = config.formData.get("unit");
    if ((sentValue !== null && sentValue !== input.value) ||
        (sentUnit !== null && sentUnit !== checkedUnit(form))) {
      event.detail.shouldSwap = false;
    }
  });

  document.querySelectorAll("form[data-session-form]").forEach(setup);
})();
