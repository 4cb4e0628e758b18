/* Small page behaviours, declared in the markup (the Content-Security-Policy allows no inline
   script): data-autosubmit submits its form on change; data-confirm asks before a click or a
   form's submission goes on; data-check-all ticks every box its selector names. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (field && field.form) { field.form.submit(); }
  });
  document.addEventListener("click", function (event) {
    var all = event.target.closest("[data-check-all]");
    if (all) {
      document.querySelectorAll(all.getAttribute("data-check-all")).forEach(function (box) {
        box.checked = all.checked;
      });
    }
    var asking = event.target.closest("button[data-confirm], a[data-confirm], input[data-confirm]");
    if (asking && !window.confirm(asking.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute("data-confirm")
        && !window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
}());
