// A phone's profile history: its versions (newest first) with when each was served, the configured and the pinned
// one marked; pick two to see what changed (secrets masked); pin a version or unpin; resync or reboot the phone.
"use strict";
const { el, api, post, send, run, table, time, formatMac, setTitle, message } = window.admin;

const mac = decodeURIComponent(location.pathname.split("/").pop());
const picked = [];

function diffTable(d) {
  const box = document.getElementById("diff");
  if (!d.changes.length) return box.replaceChildren(el("p", { class: "muted" }, "The two versions set the same parameters."));
  const shown = (v) => (v === null ? el("span", { class: "muted" }, "not set") : v);
  box.replaceChildren(table("diff-table", ["Parameter", "Older", "Newer"], d.changes.map((c) => ({
    cells: [c.name, shown(c.from), c.secret ? el("span", {}, shown(c.to), " (changed)") : shown(c.to)],
  }))));
}

async function showDiff(versions) {
  const [a, b] = picked.map((f) => versions.findIndex((v) => v.fingerprint === f)).sort((x, y) => y - x).map((i) => versions[i].fingerprint);
  diffTable(await api(`/api/admin/phones/${mac}/diff?from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}`));
  document.getElementById("diff-section").hidden = false;
}

async function load() {
  const h = await api(`/api/admin/phones/${mac}/history`);
  const pin = document.getElementById("pin-state");
  pin.hidden = !h.pinned;
  if (h.pinned) {
    pin.replaceChildren(`Pinned to version ${h.pinned.fingerprint.slice(0, 8)} by ${h.pinned.pinned_by} `, time(h.pinned.pinned_at), ": it gets that profile, not the configured one. ",
      el("button", { type: "button", id: "unpin" }, "Unpin"));
    document.getElementById("unpin").addEventListener("click", () => act(() => send("DELETE", `/api/admin/phones/${mac}/pin`), "Unpinned: the phone gets its configured profile again."));
  }
  picked.length = 0;
  const rows = h.versions.map((v) => {
    const box = el("input", { type: "checkbox", "aria-label": `Compare version ${v.fingerprint.slice(0, 8)}` });
    box.addEventListener("change", () => {
      if (box.checked) picked.push(v.fingerprint);
      else picked.splice(picked.indexOf(v.fingerprint), 1);
      if (picked.length === 2) showDiff(h.versions).catch((err) => message(err.message, true));
    });
    const pinButton = el("button", { type: "button", class: "pin" }, "Pin");
    pinButton.addEventListener("click", () => act(() => post(`/api/admin/phones/${mac}/pin`, { fingerprint: v.fingerprint }), `Pinned to version ${v.fingerprint.slice(0, 8)}.`));
    const marks = [v.fingerprint === h.configured ? "configured" : "", h.pinned?.fingerprint === v.fingerprint ? "pinned" : ""].filter(Boolean).join(", ");
    return { attrs: { dataset: { fingerprint: v.fingerprint } }, cells: [box, el("code", {}, v.fingerprint.slice(0, 8)), marks, time(v.configured_at), time(v.first_served), time(v.last_served), h.pinned?.fingerprint === v.fingerprint ? "" : pinButton] };
  });
  document.getElementById("versions").replaceChildren(rows.length
    ? table("versions-table", ["Compare", "Version", "", "Configured", "First served", "Last served", ""], rows)
    : el("p", { class: "muted" }, "No version stored yet."));
}

async function act(request, done) {
  try {
    await request();
    message(done);
    await load();
  } catch (err) {
    message(err.message, true);
  }
}

run(async () => {
  setTitle(`Profile history of ${formatMac(mac)}`);
  document.getElementById("title").textContent = `Profile history of ${formatMac(mac)}`;
  for (const action of ["resync", "reboot"]) {
    document.getElementById(`phone-${action}`).addEventListener("click", () => {
      if (action === "reboot" && !window.confirm("Reboot this phone? A call in progress is cut off.")) return;
      window.fleetJobs.start(document.getElementById("job"), { action, mac }).catch((err) => message(err.message, true));
    });
  }
  await load();
});
