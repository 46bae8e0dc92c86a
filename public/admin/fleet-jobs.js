// A resync or reboot job on a page (the fleet page, a phone's history page): starts it, then polls its progress
// and shows a progress bar (N of M done), the phones that failed with their answer and the warnings.
"use strict";

window.fleetJobs = (() => {
  const { el, api, post, formatMac, count } = window.admin;
  const POLL_MS = 500;

  function render(box, job) {
    const done = Boolean(job.finished_at);
    const ok = job.done - job.failures.length;
    box.replaceChildren(
      el("h2", {}, `${job.action === "reboot" ? "Reboot" : "Resync"} of ${job.target}`),
      el("p", {},
        el("progress", { id: "job-progress", max: String(job.total), value: String(job.done), "aria-label": "Phones done" }),
        " ", el("span", { id: "job-count" }, `${job.done} of ${job.total} done`),
        done ? el("span", { id: "job-result" }, ` — ${count(ok, "phone")} answered OK${job.failures.length ? `, ${job.failures.length} failed` : ""}.`) : " …"),
      job.failures.length ? el("div", {}, el("h3", {}, "Failed"),
        el("ul", { id: "job-failures" }, job.failures.map((f) => el("li", {}, `${f.name} (${formatMac(f.mac)}): ${f.answer}`)))) : null,
      job.warnings.length ? el("div", {}, el("h3", {}, "Warnings"),
        el("ul", { id: "job-warnings" }, job.warnings.map((w) => el("li", {}, `${w.name} (${formatMac(w.mac)}): ${w.warning}`)))) : null);
  }

  /** Polls a running job into `box` until it is done; resolves with the finished job. */
  async function follow(box, job) {
    render(box, job);
    while (!job.finished_at) {
      await new Promise((ok) => setTimeout(ok, POLL_MS));
      job = await api(`/api/admin/fleet/jobs/${encodeURIComponent(job.id)}`);
      render(box, job);
    }
    return job;
  }

  /** Starts a job ({action, transport, mac|group|all}) and follows it in `box`. */
  async function start(box, request) {
    return follow(box, await post("/api/admin/fleet/jobs", request));
  }

  return { start, follow };
})();
