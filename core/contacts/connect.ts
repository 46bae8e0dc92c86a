// Connecting a contact source over OAuth: start (state + PKCE, bound to the browser) and finish (check the
// state, exchange the code, read who signed in, store the tokens, run the first sync). Every failure is a
// ConnectError that says what happened and what to do, for a page a person reads.
import { createHash, randomBytes } from "node:crypto";
import { createSource, getSourceByKey, type ContactSource } from "../../db/contacts.ts";
import { markConnected } from "../../db/contact-sources.ts";
import type { Db } from "../../db/open.ts";
import { log } from "../../lib/log.ts";
import { consumeOAuthState, createOAuthState } from "../../db/oauth-states.ts";
import { getPhoneBook } from "../../db/phone-books.ts";
import { authorizeUrl, classify, exchangeCode, OAuthError, pkcePair, randomToken, type Tokens } from "../../lib/oauth2.ts";
import type { SwitchboardConfig } from "../config/switchboard.ts";
import {
  isConfigured, isOAuthProvider, oauthClient, PROVIDER_NAMES, scopeOf, userinfoUrlOf, type OAuthProvider,
} from "./oauth-providers.ts";
import { graphIdentity } from "./providers/graph.ts";
import { sipgateIdentity } from "./providers/sipgate.ts";
import { syncSource } from "./sync.ts";
import { UpstreamError } from "./upstream.ts";

export const STATE_TTL_MS = 10 * 60_000;
export const BROWSER_COOKIE = "switchboard_oauth";

export class ConnectError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** A new source key: 128 random bits as 32 hex digits (the PHP version's 20-hex keys stay valid). */
export const newSourceKey = (): string => randomBytes(16).toString("hex");

const hashBrowser = (cookie: string): string => createHash("sha256").update(cookie).digest("hex");
const START_AGAIN = "Start again from the Contact sources page (/contact-sources) and finish the sign-in within 10 minutes, in the same browser.";

export interface StartResult {
  location: string;
  /** The browser-binding cookie value to set (the same one when the browser already has one). */
  browserCookie: string;
}

export function startConnect(db: Db, config: SwitchboardConfig, p: { provider: string; key?: string; redirectUri: string; browserCookie?: string }): StartResult {
  if (!isOAuthProvider(p.provider)) {
    throw new ConnectError(400, "Unknown provider", `"${p.provider}" is not a provider Switchboard can connect.`, "Use provider=microsoft or provider=sipgate.");
  }
  const provider = p.provider;
  if (!isConfigured(config, provider)) {
    throw new ConnectError(400, `${PROVIDER_NAMES[provider]} is not set up`, `switchboard.yml has no client_id and client_secret for contacts.providers.${provider}.`,
      `Register an app with ${PROVIDER_NAMES[provider]} (redirect URI ${p.redirectUri}), then put its client_id and client_secret into switchboard.yml.`);
  }
  if (p.key) {
    const existing = getSourceByKey(db, p.key);
    if (existing && existing.provider !== provider) {
      throw new ConnectError(400, "Wrong provider for this key", `The source ${p.key} is a ${PROVIDER_NAMES[existing.provider]} source.`, `Reconnect it with provider=${existing.provider}.`);
    }
    if (!existing && getPhoneBook(db, p.key)) {
      throw new ConnectError(400, "This key is a phone book", `The key ${p.key} names a phone book, not a contact source.`, "Connect without a key; then add the new source to the phone book on the Contact sources page.");
    }
    if (!existing && !/^[0-9a-f]{20,64}$/i.test(p.key)) {
      throw new ConnectError(400, "Unusable key", "A source key is 20 to 64 hexadecimal digits.", "Leave the key out and Switchboard makes a new one.");
    }
  }
  const browserCookie = p.browserCookie && /^[A-Za-z0-9_-]{32,64}$/.test(p.browserCookie) ? p.browserCookie : randomToken(32);
  const state = randomToken(32);
  const { verifier, challenge } = pkcePair();
  const now = Date.now();
  createOAuthState(db, {
    state, provider, source_key: p.key ?? null, code_verifier: verifier, redirect_uri: p.redirectUri, browser_hash: hashBrowser(browserCookie),
    created_at: new Date(now).toISOString(), expires_at: new Date(now + STATE_TTL_MS).toISOString(),
  });
  const extra: Record<string, string> = provider === "microsoft" ? { prompt: "select_account" } : {};
  return { location: authorizeUrl(oauthClient(config, provider), { redirectUri: p.redirectUri, scope: scopeOf(config, provider), state, codeChallenge: challenge, extra }), browserCookie };
}

export interface CallbackParams {
  state?: string | null;
  code?: string | null;
  error?: string | null;
  error_description?: string | null;
  browserCookie?: string;
}

/** Finishes a connect and returns the source's key. */
export async function finishConnect(db: Db, config: SwitchboardConfig, p: CallbackParams): Promise<{ key: string; source: ContactSource }> {
  if (!p.state) {
    throw new ConnectError(400, "Sign-in answer without state", "The provider sent the browser back without the state parameter, so Switchboard cannot tell which connect it belongs to.", START_AGAIN);
  }
  const row = consumeOAuthState(db, p.state);
  if (!row) {
    throw new ConnectError(400, "The sign-in does not match", "Switchboard does not know this sign-in (state). The server may have been reset, or this is an old tab.", START_AGAIN);
  }
  if ("replayed" in row) {
    throw new ConnectError(400, "This sign-in was already used", "The answer from the provider arrived a second time (reloaded page or back button). Each sign-in can be used once.", START_AGAIN);
  }
  if (!p.browserCookie || hashBrowser(p.browserCookie) !== row.browser_hash) {
    throw new ConnectError(400, "The sign-in does not match this browser", "The sign-in was started in another browser or profile, or its cookie was blocked or deleted.", START_AGAIN);
  }
  if (Date.parse(row.expires_at) < Date.now()) {
    throw new ConnectError(400, "The sign-in took too long", "More than 10 minutes passed between starting the connect and coming back.", START_AGAIN);
  }
  const provider = row.provider as OAuthProvider;
  const name = PROVIDER_NAMES[provider];
  if (p.error) throw providerRefused(name, classify(p.error, p.error_description ?? ""), row.redirect_uri);
  if (!p.code) throw new ConnectError(400, "No authorization code", `${name} sent the browser back without a code or an error.`, START_AGAIN);

  let tokens: Tokens;
  try {
    tokens = await exchangeCode(oauthClient(config, provider), { code: p.code, redirectUri: row.redirect_uri, codeVerifier: row.code_verifier });
  } catch (err) {
    if (err instanceof OAuthError) throw providerRefused(name, err, row.redirect_uri);
    throw err;
  }
  let identity: { accountId: string; label: string };
  try {
    const url = userinfoUrlOf(config, provider);
    identity = provider === "microsoft" ? await graphIdentity(url, tokens.accessToken) : await sipgateIdentity(url, tokens.accessToken);
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    throw new ConnectError(502, `${name} did not say who signed in`, `Reading the account failed: ${err.message}.`, "Try again in a minute; if it keeps failing, check api_url / userinfo_url in switchboard.yml.");
  }
  const source = getSourceByKey(db, row.source_key ?? "") ?? createSource(db, { key: row.source_key ?? newSourceKey(), provider, label: "" });
  markConnected(db, source.id, {
    access_token: tokens.accessToken,
    access_token_expires_at: tokens.expiresAt?.toISOString() ?? null,
    refresh_token: tokens.refreshToken,
    account_id: identity.accountId || null,
    label: identity.label,
  });
  log.info(`contacts: ${provider} source ${source.id} connected`);
  // The first sync's outcome is shown on the Contact sources page; a failure does not undo the connect.
  await syncSource(db, config, source.id);
  return { key: source.key, source: getSourceByKey(db, source.key)! };
}

function providerRefused(name: string, err: OAuthError, redirectUri: string): ConnectError {
  const said = err.error ? ` ${name} said: ${err.error}${err.description ? ` — ${err.description}` : ""}.` : ` ${err.message}`;
  switch (err.kind) {
    case "redirect_uri":
      return new ConnectError(400, "Redirect URI not registered", `${name} does not accept ${redirectUri} as the redirect URI.${said}`,
        `Add exactly ${redirectUri} to the app registration's redirect URIs (and check public_url in switchboard.yml), then connect again.`);
    case "invalid_client":
      return new ConnectError(400, "Client id or secret not accepted", `${name} refused Switchboard's app credentials.${said}`,
        "Check client_id and client_secret (not the secret's id, and not expired) in switchboard.yml, then connect again.");
    case "unreachable":
      return new ConnectError(502, `${name} could not be reached`, err.message, "Check the server's network connection and token_url in switchboard.yml, then connect again.");
    case "invalid_grant":
      return new ConnectError(400, "The sign-in code was not accepted", `${name} refused the authorization code; it may have expired or been used.${said}`, START_AGAIN);
    default:
      if (err.error === "access_denied") {
        return new ConnectError(403, "Access was not granted", `The sign-in was cancelled or consent was declined.${said}`, "Connect again and accept the requested permissions (or ask an administrator to grant consent for the organisation).");
      }
      return new ConnectError(400, `${name} reported an error`, said.trim(), START_AGAIN);
  }
}
