// A job's page follows the job: it asks for its state every second and, once the job is
// done, opens its result (or shows why it failed).
(function () {
  var box = document.getElementById("job");
  if (!box) return;
  var byId = function (id) { return document.getElementById(id); };
  function show(job) {
    byId("job-state").textContent = job.state_label;
    byId("job-step").textContent = job.step;
    byId("job-progress").value = job.progress;
    byId("job-percent").textContent = job.progress + "%";
    byId("job-error").hidden = !job.error;
    byId("job-error").textContent = job.error;
    byId("job-silent").hidden = !job.waiting_long;
    if (job.result_url) {
      byId("job-result").hidden = false;
      byId("job-result").querySelector("a").href = job.result_url;
    }
  }
  function poll() {
    fetch(box.dataset.url, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (job) {
        show(job);
        if (job.state === "succeeded" && job.result_url) {
          window.location.assign(job.result_url);
        } else if (!job.finished) {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (box.dataset.state !== "succeeded" && box.dataset.state !== "failed") {
    window.setTimeout(poll, 500);
  }
}());
