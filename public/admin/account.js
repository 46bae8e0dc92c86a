// One SIP account: its details (a PATCH of the form's fields), its flags, a new API key shown once, its types,
// its DTMF actions and deleting it. Data from /api/admin/accounts/<id>….
"use strict";
const { el, api, send, post, when, setTitle, run, onSubmit, showFormErrors, message, accountBadges } = window.admin;
const $ = (selector) => document.querySelector(selector);

const id = location.pathname.split("/").pop();
const API = `/api/admin/accounts/${id}`;
let account;

// Each flag's button says what it would do.
const FLAGS = {
  activated: { on: "Activate", off: "Deactivate", done: ["activated", "deactivated"] },
  blocked: { on: "Block", off: "Unblock", done: ["blocked", "unblocked"] },
  admin: { on: "Make admin", off: "Remove admin", done: ["made an admin", "no longer an admin"] },
};

const address = () => `${account.username}@${account.domain}`;

function render(a) {
  account = a;
  setTitle(address());
  $("#title").textContent = address();
  $("#state").replaceChildren(accountBadges(a), a.display_name ? el("span", { id: "display-name" }, " ", a.display_name) : "");
  for (const [flag, words] of Object.entries(FLAGS)) $(`#toggle-${flag}`).textContent = a[flag] ? words.off : words.on;
  const form = $("#edit");
  for (const name of ["display_name", "email", "phone", "dtmf_protocol"]) form.elements[name].value = a[name] ?? "";
  form.elements.password.value = "";
  if (a.passwords.length) form.elements.algorithm.value = a.passwords[0].algorithm === "SHA-256" ? "SHA-256" : "MD5";
  const meta = [
    ["Password", a.passwords.map((p) => p.algorithm).join(", ") || "none"],
    ["Created", when(a.created_at)],
    ["Changed", when(a.updated_at)],
    ["Created from", [a.ip_address, a.user_agent].filter(Boolean).join(" · ") || "—"],
    ["Provisioning", a.provisioning_pending ? "waiting for its one-shot provisioning" : "—"],
  ];
  $("#meta").replaceChildren(...meta.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  $("#api-key-info").textContent = a.api_key
    ? `It has an API key, created ${when(a.api_key.created_at)}, last used ${when(a.api_key.last_used_at)}.`
    : "It has no API key.";
  $("#delete-question").textContent = `Delete ${address()}? Its passwords, API key, types and actions go with it; the name stays taken (a tombstone), so nobody can sign up with it again.`;
}

function setUpFlags() {
  for (const [flag, words] of Object.entries(FLAGS)) {
    $(`#toggle-${flag}`).addEventListener("click", async () => {
      try {
        render(await send("PATCH", API, { [flag]: !account[flag] }));
        message(`${address()} ${words.done[account[flag] ? 0 : 1]}.`);
      } catch (err) {
        message(err.message, true);
      }
    });
  }
}

function setUpEdit() {
  onSubmit($("#edit"), async (values) => {
    const hadProtocol = Boolean(account.dtmf_protocol);
    render(await send("PATCH", API, values));
    message("Saved.");
    if (hadProtocol !== Boolean(account.dtmf_protocol)) await loadActions();
  });
}

function setUpApiKey() {
  $("#new-key").addEventListener("click", async () => {
    try {
      const { api_key, unused_expiry_minutes } = await post(`${API}/api-key`);
      $("#api-key").textContent = api_key;
      $("#api-key-expiry").textContent = `It is deleted once unused for ${unused_expiry_minutes} minutes.`;
      $("#new-key-result").hidden = false;
      render(await api(API));
    } catch (err) {
      message(err.message, true);
    }
  });
}

async function loadTypes() {
  const all = await api("/api/admin/account-types");
  const has = new Set(account.types.map((t) => t.id));
  $("#account-types").replaceChildren(...account.types.map((t) => {
    const remove = el("button", { type: "button" }, "Remove");
    remove.addEventListener("click", () => changeType("DELETE", t, `Type ${t.key} taken off.`));
    return el("li", { dataset: { id: t.id } }, el("code", {}, t.key), " ", remove);
  }));
  if (!account.types.length) $("#account-types").append(el("li", { class: "muted" }, "No types."));
  const missing = all.filter((t) => !has.has(t.id));
  $("#type-select").replaceChildren(...missing.map((t) => el("option", { value: t.id }, t.key)));
  $("#add-type button").disabled = !missing.length;
}

async function changeType(method, type, done) {
  try {
    await send(method, `${API}/types/${type.id}`);
    render(await api(API));
    await loadTypes();
    message(done);
  } catch (err) {
    message(err.message, true);
  }
}

function setUpTypes() {
  $("#add-type").addEventListener("submit", (e) => {
    e.preventDefault();
    const select = $("#type-select");
    const option = select.selectedOptions[0];
    if (option) changeType("POST", { id: select.value }, `Type ${option.textContent} added.`);
  });
}

function actionRow(action) {
  const form = el("form", { id: `action-${action.id}`, class: "row", novalidate: true },
    el("input", { name: "key", id: `action-${action.id}-key`, value: action.key, "aria-label": "Key", autocomplete: "off" }),
    el("input", { name: "code", id: `action-${action.id}-code`, value: action.code, "aria-label": "Code", autocomplete: "off" }),
    el("button", { type: "submit" }, "Save"), " ",
    el("button", { type: "button", class: "remove" }, "Delete"),
    el("p", { class: "form-error banner error", role: "alert", hidden: true }));
  onSubmit(form, async (values) => {
    await send("PUT", `${API}/actions/${action.id}`, values);
    message("Action saved.");
  });
  form.querySelector(".remove").addEventListener("click", async () => {
    try {
      await send("DELETE", `${API}/actions/${action.id}`);
      message(`Action ${action.key} deleted.`);
      await loadActions();
    } catch (err) {
      showFormErrors(form, err);
    }
  });
  return el("li", { dataset: { id: action.id } }, form);
}

/** The API refuses actions while the account has no DTMF protocol: its reason is shown instead of the list. */
async function loadActions() {
  const note = $("#actions-note");
  let actions;
  try {
    actions = await api(`${API}/actions`);
  } catch (err) {
    if (err.status !== 403) throw err;
    note.textContent = `${err.message}: choose a DTMF protocol above to give this account actions.`;
    note.hidden = false;
    $("#add-action").hidden = true;
    $("#actions").replaceChildren();
    return;
  }
  note.hidden = true;
  $("#add-action").hidden = false;
  $("#actions").replaceChildren(...actions.map(actionRow));
  if (!actions.length) $("#actions").append(el("li", { class: "muted" }, "No actions yet."));
}

function setUpActions() {
  const form = $("#add-action");
  onSubmit(form, async (values) => {
    const action = await post(`${API}/actions`, values);
    form.reset();
    message(`Action ${action.key} added.`);
    await loadActions();
  });
}

function setUpDelete() {
  const confirmBox = $("#delete-confirm");
  $("#delete").addEventListener("click", () => {
    confirmBox.hidden = false;
    $("#delete-no").focus();
  });
  $("#delete-no").addEventListener("click", () => {
    confirmBox.hidden = true;
  });
  $("#delete-yes").addEventListener("click", async () => {
    try {
      const { deleted } = await send("DELETE", API);
      location.assign(`/accounts?deleted=${encodeURIComponent(deleted)}`);
    } catch (err) {
      message(err.message, true);
    }
  });
}

run(async () => {
  render(await api(API));
  if (new URLSearchParams(location.search).has("created")) message(`${address()} created.`);
  setUpFlags();
  setUpEdit();
  setUpApiKey();
  setUpTypes();
  setUpActions();
  setUpDelete();
  await Promise.all([loadTypes(), loadActions()]);
});
