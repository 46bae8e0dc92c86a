// The browser dialer: pick a phone, type a number or a name (suggestions from the phone book as you type),
// dial through Switchboard (POST /api/dialer/dial) or, for phones without stored credentials, post the CGI
// form to the phone directly. Query: devicename (preselect), num (prefill), key (phone books), ssl.
"use strict";
(function () {
  const params = new URLSearchParams(location.search);
  const $ = (id) => document.getElementById(id);
  const phoneSelect = $("phone"), input = $("number"), list = $("suggestions"), result = $("result");
  const telLink = $("tel-link"), ssl = $("ssl");
  let phones = [];
  let suggestions = [];
  let active = -1;
  let pending = 0;

  ssl.checked = params.get("ssl") === "1" || params.get("ssl") === "true";
  if (params.get("num")) input.value = params.get("num");

  function say(text, kind) {
    result.textContent = text;
    result.className = kind || "";
  }

  function updateTel() {
    const n = input.value.replace(/[^\d+*#]/g, "");
    telLink.href = "tel:" + n;
  }

  async function loadPhones() {
    const res = await fetch("/api/dialer/phones", { credentials: "same-origin" });
    if (!res.ok) return say("Could not load the phones: " + ((await res.json().catch(() => ({}))).error || res.status), "bad");
    const body = await res.json();
    phones = body.phones;
    explainSuggestions(body.default_books);
    phoneSelect.textContent = "";
    for (const p of phones) {
      const o = document.createElement("option");
      o.value = p.devicename;
      o.textContent = p.label + " (" + p.devicename + ")" + (p.can_dial ? "" : " — dial from the browser");
      phoneSelect.append(o);
    }
    const wanted = (params.get("devicename") || "").toUpperCase();
    const match = phones.find((p) => p.devicename.toUpperCase() === wanted);
    if (match) phoneSelect.value = match.devicename;
    if (!phones.length) say("No phones with a devicename are configured in phones.yml.", "bad");
  }

  // Where the suggestions come from: the link's key, else switchboard.yml's default phone books, else nowhere.
  function explainSuggestions(defaultBooks) {
    $("suggestion-source").textContent = params.get("key")
      ? "Suggestions come from the phone book this link names."
      : defaultBooks
        ? "Suggestions come from the default phone books (directory.default_keys in switchboard.yml). To search another phone book, open the dialer from that phone book's overview."
        : "No suggestions: this link names no phone book and switchboard.yml sets no directory.default_keys. Open the dialer from a phone book's overview to search it.";
  }

  function render() {
    list.textContent = "";
    suggestions.forEach((s, i) => {
      const li = document.createElement("li");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", String(i === active));
      li.textContent = s.name + (s.label ? " (" + s.label + ")" : "") + " — " + s.number;
      li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(i); });
      list.append(li);
    });
    const open = suggestions.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    if (active >= 0) input.setAttribute("aria-activedescendant", "suggestion-" + active);
    else input.removeAttribute("aria-activedescendant");
  }

  function choose(i) {
    const s = suggestions[i];
    if (!s) return;
    input.value = s.dial;
    suggestions = [];
    active = -1;
    render();
    updateTel();
    say("Ready to dial " + s.name + (s.label ? " (" + s.label + ")" : "") + ".", "");
  }

  async function suggest() {
    const q = input.value.trim();
    const ticket = ++pending;
    if (q.length < 2) { suggestions = []; active = -1; return render(); }
    const url = "/api/dialer/suggest?" + new URLSearchParams(params.get("key") ? { q, key: params.get("key") } : { q });
    const res = await fetch(url, { credentials: "same-origin" }).catch(() => undefined);
    if (ticket !== pending || !res) return;
    suggestions = res.ok ? (await res.json()).suggestions : [];
    active = -1;
    render();
  }

  input.addEventListener("input", () => { updateTel(); suggest(); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && suggestions.length) { e.preventDefault(); active = (active + 1) % suggestions.length; render(); }
    else if (e.key === "ArrowUp" && suggestions.length) { e.preventDefault(); active = (active - 1 + suggestions.length) % suggestions.length; render(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
    else if (e.key === "Escape") { suggestions = []; active = -1; render(); }
  });
  input.addEventListener("blur", () => { suggestions = []; active = -1; render(); });

  /** The CGI Execute object, built by the browser's XML serializer (which escapes), never by concatenation. */
  function executeXml(url) {
    const doc = document.implementation.createDocument(null, "CiscoIPPhoneExecute", null);
    const item = doc.createElement("ExecuteItem");
    item.setAttribute("Priority", "0");
    item.setAttribute("URL", url);
    doc.documentElement.append(item);
    return new XMLSerializer().serializeToString(doc);
  }

  $("dial-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const phone = phones.find((p) => p.devicename === phoneSelect.value);
    const number = input.value.trim();
    if (!phone) return say("Choose a phone first.", "bad");
    if (!number) return say("Type a number to dial.", "bad");
    if (!phone.can_dial) {
      const clean = number.replace(/[^\d+*#]/g, "");
      $("direct-xml").value = executeXml("Dial:" + clean);
      const form = $("direct-form");
      form.action = (ssl.checked ? "https://" : "http://") + phone.host + "/CGI/Execute";
      form.submit();
      return say("Sent to " + phone.label + " from your browser; the phone may ask for its username and password.", "");
    }
    $("dial").disabled = true;
    say("Dialling…", "");
    try {
      const res = await fetch("/api/dialer/dial", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ devicename: phone.devicename, number, ssl: ssl.checked }),
      });
      const body = await res.json().catch(() => ({}));
      say(res.ok ? body.message : body.error || "Dialling failed (HTTP " + res.status + ").", res.ok ? "good" : "bad");
    } catch {
      say("Switchboard could not be reached.", "bad");
    } finally {
      $("dial").disabled = false;
    }
  });

  updateTel();
  loadPhones();
})();
