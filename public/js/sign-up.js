// The sign-up page (/account/sign-up): a creation request token, confirmed by the person on its validation page
// (the human check), is traded for an account creation token, which creates the account
// (POST /api/accounts/with-account-creation-token; a 422 names the fields at fault).
"use strict";

(() => {
  const A = window.admin;
  const $ = (id) => document.getElementById(id);
  let requestToken;
  let creationToken;

  document.addEventListener("DOMContentLoaded", () => {
    $("start").addEventListener("click", async () => {
      try {
        const { token, validation_url: url } = await A.post("/api/account_creation_request_tokens");
        requestToken = token;
        $("check-link").href = url;
        $("check").hidden = false;
        $("start").hidden = true;
      } catch (err) {
        A.message(err.message, true);
      }
    });
    $("checked").addEventListener("click", async () => {
      try {
        ({ token: creationToken } = await A.post("/api/account_creation_tokens/using-account-creation-request-token", { account_creation_request_token: requestToken }));
        $("step-check").hidden = true;
        $("sign-up").hidden = false;
        A.message("");
      } catch (err) {
        A.message(err.status === 404 || err.status === 422 ? "Not confirmed yet: open the confirmation page and press its button first." : err.message, true);
      }
    });
    A.onSubmit($("sign-up"), async (v) => {
      const body = { ...v, algorithm: "SHA-256", account_creation_token: creationToken };
      if (!body.email) delete body.email;
      const account = await A.post("/api/accounts/with-account-creation-token", body);
      $("sign-up").hidden = true;
      A.message(`Your account ${account.username}@${account.domain} is created. ${account.activated ? "" : "Activate it with the link in the mail we sent, then "}sign in on the account page.`);
    });
  });
})();
