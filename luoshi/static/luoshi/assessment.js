// Assessment pages: the scheme editor's running weight total (rows marked for deletion left
// out; red while it is not 100), and buttons that change something for good ask first.
(function () {
  var output = document.getElementById("weight-total");
  if (output) {
    var form = output.closest("form");
    var cents = function (text) {
      var value = parseFloat(String(text).replace(/[,\s%]/g, ""));
      return isNaN(value) ? 0 : Math.round(value * 100);
    };
    var update = function () {
      var total = 0;
      form.querySelectorAll("input[name^='items-'][name$='-weight']").forEach(function (input) {
        var remove = form.querySelector("input[name='" + input.name.replace(/weight$/, "DELETE") + "']");
        if (!(remove && remove.checked)) total += cents(input.value);
      });
      output.textContent = String(total / 100);
      output.classList.toggle("off", total !== cents(output.dataset.wanted || "100"));
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
}());
