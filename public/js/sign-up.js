// The sign-up page (/account/sign-up): a creation request token, confirmed by the person on its validation page
// (the human check), is traded for an account creation token, which creates the account
// (POST /api/accounts/with-account-creation-token; a 422 names the fields at fault). The server's page asks for the
// email or the phone number its confirmation uses; a phone sign-up is activated here with the code of the SMS.
"use strict";

(() => {
  const A = window.admin;
  const $ = (id) => document.getElementById(id);
  let requestToken;
  let creationToken;
  let sip;

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
      if (!body.phone) delete body.phone;
      const account = await A.post("/api/accounts/with-account-creation-token", body);
      $("sign-up").hidden = true;
      sip = `${account.username}@${account.domain}`;
      if (body.phone && !account.activated) {
        $("activate").hidden = false;
        $("activation-code").focus();
        return A.message(`Your account ${sip} is created. Type the code of the SMS we sent to activate it.`);
      }
      A.message(`Your account ${sip} is created. ${account.activated ? "" : "Activate it with the link in the mail we sent, then "}sign in on the account page.`);
    });
    A.onSubmit($("activate"), async (v) => {
      await A.post(`/api/accounts/${encodeURIComponent(sip)}/activate/phone`, v);
      $("activate").hidden = true;
      A.message(`Your account ${sip} is active: sign in on the account page.`);
    });
  });
})();
