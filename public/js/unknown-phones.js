// The dashboard's "Seen, not in phones.yml": phones that asked for a profile and got none of their own (or only
// sent reports), each with a phones.yml entry to copy. Its own module and container, beside the dashboard's.
"use strict";
(() => {
  const { el, api, formatMac, when, table, run } = window.admin;

  /** The clipboard API needs a secure context (https or localhost); elsewhere the old copy command still works. */
  async function copyText(text, source) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    const copied = document.execCommand("copy");
    selection.removeAllRanges();
    if (!copied) throw new Error("Select the entry and copy it by hand.");
  }

  function stubCell(p) {
    const stub = el("pre", { class: "mono stub" }, p.stub);
    const button = el("button", { type: "button", class: "copy-stub" }, "Copy");
    button.addEventListener("click", () => copyText(p.stub, stub).then(
      () => { button.textContent = "Copied"; },
      (err) => { button.textContent = err.message || "Copy failed"; }));
    return el("div", {}, stub, button);
  }

  function answerText(p) {
    if (p.answer) return `${p.answer} (/${p.requested}.xml)`;
    return p.last_report_at ? el("a", { href: `/compare/${p.mac}` }, "reports only · compare with common.yml") : "—";
  }

  run(async () => {
    const { phones } = await api("/api/admin/unknown-phones");
    const section = document.getElementById("unknown-phones");
    if (!phones.length) return;
    section.append(
      el("h2", {}, `Seen, not in phones.yml (${phones.length})`),
      el("p", { class: "muted" }, "Paste a phone's entry under phones: in phones.yml (and add its lines): it gets its own profile on its next request."),
      table("unknown-phones-table", ["MAC", "Model", "Firmware", "IP", "Last seen", "User-Agent", "Answer", "phones.yml"], phones.map((p) => ({
        attrs: { "data-mac": p.mac },
        cells: [el("span", { class: "mono mac" }, formatMac(p.mac)), p.model || "—", p.firmware || "—", p.ip_address || "—",
          when(p.last_seen_at), el("span", { class: "mono" }, p.user_agent || "—"), answerText(p), stubCell(p)],
      }))));
  });
})();
