/* fazhi page shell: 大字模式 (large type) and the collapsible menu on narrow screens. No framework.
   Loaded without defer in <head> so the large-type class is set before the first paint. */
(function () {
  "use strict";
  var KEY = "fazhi.largeType";
  var COOKIE = "fazhi_large_type";
  var root = document.documentElement;
  root.classList.add("js");

  function stored() {
    try {
      var v = window.localStorage.getItem(KEY);
      if (v === "1" || v === "0") { return v === "1"; }
    } catch (e) { /* storage disabled: fall back to the cookie */ }
    return new RegExp("(?:^|;\\s*)" + COOKIE + "=1(?:;|$)").test(document.cookie);
  }

  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* ignore */ }
    // The cookie lets the server render the page enlarged from the start (no flash of small text).
    document.cookie = COOKIE + "=" + (on ? "1" : "0") + "; path=/; max-age=31536000; SameSite=Lax";
  }

  function apply(on) {
    root.classList.toggle("large-type", on);
    var buttons = document.querySelectorAll("[data-large-type-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  var initial = stored();
  root.classList.toggle("large-type", initial);

  document.addEventListener("DOMContentLoaded", function () {
    apply(initial);
    remember(initial);  // keep localStorage and the cookie in step

    document.addEventListener("click", function (event) {
      var toggle = event.target.closest("[data-large-type-toggle]");
      if (toggle) {
        var on = !root.classList.contains("large-type");
        apply(on);
        remember(on);
        return;
      }
      if (event.target.closest("[data-history-back]")) {
        window.history.back();
        return;
      }
      var navToggle = event.target.closest(".nav-toggle");
      if (navToggle) {
        var nav = navToggle.closest(".main-nav");
        var open = !nav.classList.contains("nav-open");
        nav.classList.toggle("nav-open", open);
        navToggle.setAttribute("aria-expanded", open ? "true" : "false");
      }
    });

    // Escape closes the open menu and returns focus to its button.
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var nav = document.querySelector(".main-nav.nav-open");
      if (!nav) { return; }
      nav.classList.remove("nav-open");
      var btn = nav.querySelector(".nav-toggle");
      btn.setAttribute("aria-expanded", "false");
      btn.focus();
    });
  });
})();

/* Leave empty filters out of the htmx request, so the address bar shows only the chosen ones. */
document.addEventListener("htmx:configRequest", function (event) {
  var data = event.detail.formData;
  if (!data || !event.detail.elt.matches("form.filter-bar")) { return; }
  Array.from(data.keys()).forEach(function (key) { if (data.get(key) === "") { data.delete(key); } });
});
