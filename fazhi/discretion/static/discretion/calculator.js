/* The public calculator, enhanced: htmx swaps the result (and the problems, answered with 400) in place;
   focus then moves to the result's heading or to the list of problems. Choosing a matter that concerns only
   one kind of party selects that party type. Without JavaScript the form is a plain GET form. */
(function () {
  "use strict";

  document.addEventListener("htmx:beforeSwap", function (event) {
    // Refused input comes back with 400 and the form with its problems: show it like a result.
    if (event.detail.xhr.status === 400 && event.detail.target && event.detail.target.id === "calculator") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("#calculator [data-calc-focus]");
    if (target) { target.focus(); }
  });

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("#calc-form select[name=code]")) { return; }
    var option = select.options[select.selectedIndex];
    var parties = option && option.getAttribute("data-party") ? option.getAttribute("data-party").split(" ") : [];
    if (parties.length !== 1) { return; }
    var radio = select.form.querySelector("input[name=party_type][value='" + parties[0] + "']");
    if (radio) { radio.checked = true; }
  });
})();
