// The activation page (/activate/<user@domain>#<key>) a confirmation mail links to: the address is the last part
// of the path, the key the fragment (browsers never send it to a server); one button posts both to the API.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("activate");
  const input = document.getElementById("key");
  const result = document.getElementById("result");
  const decode = (s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const sip = decode(location.pathname.split("/").pop() || "");
  document.getElementById("address").textContent = `sip:${sip}`;
  input.value = decode(location.hash.slice(1));

  function show(text, ok) {
    result.textContent = text;
    result.className = ok ? "banner" : "banner error";
    result.hidden = false;
  }

  const reasons = {
    403: "This key has expired. Ask your administrator for a new one.",
    404: "This key does not fit this account. Check the key in your mail.",
    422: "A confirmation key has 13 letters and digits.",
    429: "Too many wrong keys. Wait a few minutes and try again.",
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const res = await fetch(`/api/accounts/${encodeURIComponent(sip)}/activate/email`, {
        method: "POST",
        credentials: "omit",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ confirmation_key: input.value.trim() }),
      });
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        throw new Error(reasons[res.status] || body.message || `${res.status} ${res.statusText}`);
      }
      form.hidden = true;
      history.replaceState(null, "", location.pathname);
      show("Your account is active. You can sign in from your app now.", true);
    } catch (err) {
      button.disabled = false;
      show(`The account could not be activated: ${err.message}`, false);
    }
  });
});
