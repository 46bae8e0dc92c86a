// The account creation request page (/creation_token/check/<token>): one button confirms the request; the token is
// the last part of the page's URL. The server takes the confirmation only from this server's pages, as JSON.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("confirm");
  const result = document.getElementById("result");
  const token = decodeURIComponent(location.pathname.split("/").pop() || "");

  function show(text, ok) {
    result.textContent = text;
    result.className = ok ? "banner" : "banner error";
    result.hidden = false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      const res = await fetch("/creation_token/validate", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ account_creation_request_token: token }),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) throw new Error(body.message || `${res.status} ${res.statusText}`);
      form.hidden = true;
      show("Thank you. Go back to the app to choose your username and password.", true);
    } catch (err) {
      button.disabled = false;
      show(`The request could not be confirmed: ${err.message}`, false);
    }
  });
});
