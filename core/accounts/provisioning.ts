// Linphone provisioning (FlexiAPI's ProvisioningController, DESIGN §5.4): the document for nobody, for the signed-in
// account, for a one-shot provisioning token (which activates the account and is spent) or for an attached auth
// token; and the QR code an app scans to fetch it. Whatever changes the database (token spent, account activated,
// password reset) happens in one transaction with rendering the document, so a document that cannot be made (a hook
// fails) leaves the token unspent.
import type { IncomingHttpHeaders } from "node:http";
import { findAccountByProvisioningToken, getAccount, passwordsOf, setPasswords, updateAccount, type Account } from "../../db/accounts.ts";
import { takeAuthToken } from "../../db/auth-tokens.ts";
import { externalAccountOf } from "../../db/external-accounts.ts";
import { Forbidden, Malformed, NotFound } from "../../lib/errors.ts";
import { randomToken } from "../../lib/random.ts";
import type { App } from "../app.ts";
import { activationExpired } from "./activation.ts";
import { authTokenLiveSince } from "./auth-tokens.ts";
import { realmOf, storedPassword } from "./passwords.ts";
import { renderProvisioning } from "./provisioning-document.ts";
import type { HookAccount } from "./provisioning-hooks.ts";
import { accountJson } from "./view.ts";

/** The parts of the request provisioning looks at (the hooks see them too). */
export interface ProvisioningRequest {
  method: string;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  clientIp: string;
}

export const PROVISIONING_HEADER = "x-linphone-provisioning";
/** As FlexiAPI answers it; the document's XML declaration names its encoding (UTF-8). */
export const PROVISIONING_CONTENT_TYPE = "application/xml";

/** GET /provisioning: the rc file's sections and the contacts list URL, no account. */
export function baseProvisioning(app: App, r: ProvisioningRequest): string {
  requireProvisioningHeader(app, r);
  return render(app, r);
}

/** GET /provisioning/me: the signed-in account (?reset_password gives it a new password first). */
export function myProvisioning(app: App, r: ProvisioningRequest, account: Account): string {
  requireProvisioningHeader(app, r);
  return transaction(app, () => render(app, r, account));
}

/** GET /provisioning/{token}: once. The account is activated and the token spent; a second call is 404. */
export function provisionByToken(app: App, r: ProvisioningRequest, token: string): string {
  requireProvisioningHeader(app, r);
  return transaction(app, () => {
    const account = accountOfProvisioningToken(app, token);
    if (account.blocked) throw new Forbidden("Account blocked");
    return render(app, r, updateAccount(app.db, account, { activated: 1, provisioning_token: null }));
  });
}

/** GET /provisioning/auth_token/{token}: an auth token an account attached, spent here instead of for an API key. */
export function provisionByAuthToken(app: App, r: ProvisioningRequest, token: string): string {
  return transaction(app, () => {
    const id = takeAuthToken(app.db, token, authTokenLiveSince());
    const account = id === undefined ? undefined : getAccount(app.db, id);
    if (!account) throw new NotFound("There is no attached auth token like this (unknown, expired, not attached yet or used).");
    if (account.blocked) throw new Forbidden("Account blocked");
    return render(app, r, account);
  });
}

/** GET /provisioning/qrcode/{token}: the provisioning URL as a PNG QR code; showing it does not spend the token. */
export async function provisioningQrCode(app: App, r: ProvisioningRequest, token: string): Promise<{ png: Buffer; url: string }> {
  accountOfProvisioningToken(app, token);
  const url = new URL(`${app.store.config.switchboard.public_url}/provisioning/${encodeURIComponent(token)}`);
  // The URL carries the password reset on, as FlexiAPI's does (reset_password=1).
  if (r.query.has("reset_password")) url.searchParams.set("reset_password", "1");
  // qrcode is loaded with the first QR code, not at start-up.
  const QRCode = (await import("qrcode")).default;
  const png = await QRCode.toBuffer(url.href, { type: "png", errorCorrectionLevel: "H", width: 300, margin: 4 });
  return { png, url: url.href };
}

/** Spending the token, activating, resetting and rendering (hooks included) happen together or not at all. */
function transaction(app: App, work: () => string): string {
  return app.db.transaction(work)();
}

function accountOfProvisioningToken(app: App, token: string): Account {
  const account = token ? findAccountByProvisioningToken(app.db, token) : undefined;
  if (!account || activationExpired(account)) throw new NotFound("There is no account with this provisioning token (unknown, expired or used).");
  return account;
}

/** FlexiAPI's provisioning_use_x_linphone_provisioning_header (accounts.provisioning.require_header). */
function requireProvisioningHeader(app: App, r: ProvisioningRequest): void {
  if (app.store.config.switchboard.accounts.provisioning.require_header && r.headers[PROVISIONING_HEADER] === undefined) {
    throw new Malformed(`${PROVISIONING_HEADER} header is missing`);
  }
}

/** The document; with ?reset_password the account first gets a new random password (SHA-256, as FlexiAPI's). */
function render(app: App, r: ProvisioningRequest, account?: Account): string {
  const { switchboard, provisioningRc } = app.store.config;
  const settings = switchboard.accounts;
  const realm = account && realmOf(settings, account);
  if (account && r.query.has("reset_password")) setPasswords(app.db, account.id, [storedPassword(account, realm!, randomToken(18), "SHA-256")]);
  return renderProvisioning({
    settings: settings.provisioning,
    rc: provisioningRc,
    vcardListUrl: `${switchboard.public_url}/contacts/vcard`,
    hooks: app.provisioningHooks,
    request: { clientIp: r.clientIp, headers: withoutCredentials(r.headers), query: r.query },
    account: account && {
      view: hookAccount(app, account),
      realm: realm!,
      passwords: passwordsOf(app.db, account.id),
      external: externalAccountOf(app.db, account.id),
    },
  });
}

/** The request's headers for the hooks, less the caller's credentials (a hook has no use for them, a log might show them). */
function withoutCredentials(headers: IncomingHttpHeaders): Record<string, string | string[] | undefined> {
  const { authorization: _a, cookie: _c, "x-api-key": _k, ...rest } = headers;
  return rest;
}

/** The account as its JSON shows it (core/accounts/view.ts), without what a hook has no business with. */
function hookAccount(app: App, a: Account): HookAccount {
  const { id, username, domain, display_name, email, phone, admin, activated, dtmf_protocol, types, dictionary } =
    accountJson(app.db, app.store.config.switchboard.accounts, a);
  return { id, username, domain, display_name, email, phone, admin, activated, dtmf_protocol, types: types.map((t) => t.key), dictionary };
}
