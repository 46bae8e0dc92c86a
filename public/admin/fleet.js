// The fleet page: resync or reboot all phones or a group (phones.yml `group:`), one job at a time, with its
// progress; the recent jobs below.
"use strict";
const { el, api, run, onSubmit, table, time } = window.admin;

function renderJobs(jobs) {
  const box = document.getElementById("jobs");
  if (!jobs.length) return box.replaceChildren(el("p", { class: "muted" }, "No job since the server started."));
  box.replaceChildren(table("jobs-table", ["Started", "By", "Action", "Phones", "Done", "Failed"], jobs.map((j) => ({
    cells: [time(j.started_at), j.started_by, j.action, j.target, `${j.done} of ${j.total}`, String(j.failures.length)],
  }))));
}

async function load() {
  const d = await api("/api/admin/fleet/jobs");
  const target = document.getElementById("fleet-target");
  target.replaceChildren(el("option", { value: "all" }, `All phones (${d.phones})`), ...d.groups.map((g) => el("option", { value: `group:${g}` }, `Group ${g}`)));
  document.querySelector('#fleet-transport option[value="sip"]').disabled = !d.sip_available;
  renderJobs(d.jobs);
  const running = d.jobs.find((j) => !j.finished_at);
  if (running) await window.fleetJobs.follow(document.getElementById("job"), running);
}

run(async () => {
  const form = document.getElementById("fleet-form");
  let action = "resync";
  for (const b of form.querySelectorAll("button[name=action]")) b.addEventListener("click", () => (action = b.value));
  onSubmit(form, async (values) => {
    if (action === "reboot" && !window.confirm("Reboot these phones? Calls in progress are cut off.")) return;
    const request = { action, transport: values.transport, ...(values.target === "all" ? { all: true } : { group: values.target.slice("group:".length) }) };
    for (const b of form.querySelectorAll("button")) b.disabled = true;
    try {
      await window.fleetJobs.start(document.getElementById("job"), request);
    } finally {
      for (const b of form.querySelectorAll("button")) b.disabled = false;
      renderJobs((await api("/api/admin/fleet/jobs")).jobs);
    }
  });
  await load();
});
