// Bulletin pages: buttons that change something for good ask first; the draft form's period
// links fill the period box.
(function () {
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
  var box = document.getElementById("id_period");
  document.querySelectorAll(".period-pick").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      if (box) box.value = link.dataset.period;
    });
  });
}());
