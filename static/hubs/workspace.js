/*
 * Community manager workspace: keyboard help for the occupancy week grid.
 *
 * With htmx, each day saves itself when its field changes (on leaving it).
 * Enter in a day's field moves focus to the next day (or the Save button),
 * which makes the field change and save, instead of submitting the whole
 * week. Without this script (or htmx) Enter submits the week form as usual.
 */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || event.isComposing || !window.htmx) return;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains("occupancy-input")) return;
    var form = input.form;
    if (!form) return;
    event.preventDefault();
    var inputs = Array.prototype.slice.call(
      form.querySelectorAll("input.occupancy-input:not([disabled])")
    );
    var next = inputs[inputs.indexOf(input) + 1] || document.getElementById("occupancy-save");
    if (next) {
      next.focus();
      if (typeof next.select === "function") next.select();
    } else {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
})();
