// Connecting a contact source over OAuth: start (state + PKCE, bound to the browser) and finish (check the
// state, exchange the code, read who signed in, store the tokens, run the first sync). Every failure is a
// domain error with a title and a hint: what happened and what to do, for a page a person reads.
import { createHash, randomBytes } from "node:crypto";
import { createSource, getSourceByKey, markConnected, type ContactSource } from "../../db/contact-sources.ts";
import { consumeOAuthState, createOAuthState } from "../../db/oauth-states.ts";
import type { Db } from "../../db/open.ts";
import { Forbidden, Invalid, NotFound, Unavailable, UpstreamFailed, type Problem } from "../../lib/errors.ts";
import { log } from "../../lib/log.ts";
import { authorizeUrl, classify, exchangeCode, OAuthError, pkcePair, type Tokens } from "../../lib/oauth2.ts";
import { randomToken } from "../../lib/random.ts";
import type { SwitchboardConfig } from "../config/switchboard.ts";
import {
  isConfigured, isOAuthProvider, oauthClient, PROVIDER_NAMES, scopeOf, upstreamLimits, userinfoUrlOf, type OAuthProvider,
} from "./oauth-providers.ts";
import { graphIdentity } from "./providers/graph.ts";
import { sipgateIdentity } from "./providers/sipgate.ts";
import type { ContactSync } from "./sync.ts";
import { UpstreamError } from "./upstream.ts";

export const STATE_TTL_MS = 10 * 60_000;
export const BROWSER_COOKIE = "switchboard_oauth";

/** A new source key: 128 random bits as 32 hex digits (the PHP version's 20-hex keys stay valid). */
export const newSourceKey = (): string => randomBytes(16).toString("hex");

const hashBrowser = (cookie: string): string => createHash("sha256").update(cookie).digest("hex");
const START_AGAIN = "Start again from the Contact sources page (/contact-sources) and finish the sign-in within 10 minutes, in the same browser.";

export interface StartResult {
  location: string;
  /** The browser-binding cookie value to set (the same one when the browser already has one). */
  browserCookie: string;
}

interface StartParams {
  redirectUri: string;
  browserCookie?: string;
}

/** The Set-Cookie value that binds a connect to the browser: HttpOnly, Lax (it must come back from the provider). */
export function browserCookieHeader(config: SwitchboardConfig, value: string): string {
  const secure = config.public_url.startsWith("https:") ? "; Secure" : "";
  return `${BROWSER_COOKIE}=${value}; Path=/; Max-Age=${STATE_TTL_MS / 1000}; HttpOnly; SameSite=Lax${secure}`;
}

/**
 * Connects a new source. Its key is made when the sign-in comes back — always by the server: a key chosen by
 * whoever sent the browser here would let them read the contacts the admin is about to connect.
 */
export function startConnect(db: Db, config: SwitchboardConfig, p: StartParams & { provider: string }): StartResult {
  if (!isOAuthProvider(p.provider)) {
    throw new Invalid(`"${p.provider}" is not a provider Switchboard can connect.`, {}, { title: "Unknown provider", hint: "Use provider=microsoft or provider=sipgate." });
  }
  return start(db, config, p.provider, null, p);
}

/** Connects an existing source again (new tokens, same key): only a source that exists and was connected over OAuth. */
export function startReconnect(db: Db, config: SwitchboardConfig, p: StartParams & { key: string }): StartResult {
  const source = getSourceByKey(db, p.key);
  if (!source) throw new NotFound("There is no contact source with this key.");
  if (!isOAuthProvider(source.provider)) {
    throw new Invalid(`The source ${p.key} is a ${PROVIDER_NAMES[source.provider]} phone book, which is uploaded or fetched, not connected.`);
  }
  return start(db, config, source.provider, source.key, p);
}

function start(db: Db, config: SwitchboardConfig, provider: OAuthProvider, sourceKey: string | null, p: StartParams): StartResult {
  if (!isConfigured(config, provider)) {
    throw new Unavailable(`switchboard.yml has no client_id and client_secret for contacts.providers.${provider}.`, { title: `${PROVIDER_NAMES[provider]} is not set up`, hint: `Register an app with ${PROVIDER_NAMES[provider]} (redirect URI ${p.redirectUri}), then put its client_id and client_secret into switchboard.yml.` });
  }
  const browserCookie = p.browserCookie && /^[A-Za-z0-9_-]{32,64}$/.test(p.browserCookie) ? p.browserCookie : randomToken(32);
  const state = randomToken(32);
  const { verifier, challenge } = pkcePair();
  const now = Date.now();
  createOAuthState(db, {
    state, provider, source_key: sourceKey, code_verifier: verifier, redirect_uri: p.redirectUri, browser_hash: hashBrowser(browserCookie),
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
export async function finishConnect(sync: ContactSync, config: SwitchboardConfig, p: CallbackParams): Promise<{ key: string; source: ContactSource }> {
  const { db } = sync;
  if (!p.state) {
    throw new Invalid("The provider sent the browser back without the state parameter, so Switchboard cannot tell which connect it belongs to.", {}, { title: "Sign-in answer without state", hint: START_AGAIN });
  }
  // Bound to the browser: an answer brought back by another browser leaves the state for its own.
  const row = consumeOAuthState(db, p.state, hashBrowser(p.browserCookie ?? ""));
  if (!row) {
    throw new Forbidden("Switchboard does not know this sign-in (state). The server may have been reset, or this is an old tab.", { title: "The sign-in does not match", hint: START_AGAIN });
  }
  if ("replayed" in row) {
    throw new Forbidden("The answer from the provider arrived a second time (reloaded page or back button). Each sign-in can be used once.", { title: "This sign-in was already used", hint: START_AGAIN });
  }
  if ("otherBrowser" in row) {
    throw new Forbidden("The sign-in was started in another browser or profile, or its cookie was blocked or deleted.", { title: "The sign-in does not match this browser", hint: START_AGAIN });
  }
  if (Date.parse(row.expires_at) < Date.now()) {
    throw new Forbidden("More than 10 minutes passed between starting the connect and coming back.", { title: "The sign-in took too long", hint: START_AGAIN });
  }
  const provider = row.provider as OAuthProvider;
  const name = PROVIDER_NAMES[provider];
  if (p.error) throw providerRefused(name, classify(p.error, p.error_description ?? ""), row.redirect_uri);
  if (!p.code) throw new Invalid(`${name} sent the browser back without a code or an error.`, {}, { title: "No authorization code", hint: START_AGAIN });

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
    identity = provider === "microsoft" ? await graphIdentity(url, tokens.accessToken, upstreamLimits(config)) : await sipgateIdentity(url, tokens.accessToken, upstreamLimits(config));
  } catch (err) {
    if (!(err instanceof UpstreamError)) throw err;
    throw new UpstreamFailed(`Reading the account failed: ${err.message}.`, { title: `${name} did not say who signed in`, hint: "Try again in a minute; if it keeps failing, check api_url / userinfo_url in switchboard.yml." });
  }
  // A reconnect updates its source; a new connect — or a source disconnected meanwhile — gets a new key.
  const existing = row.source_key ? getSourceByKey(db, row.source_key) : undefined;
  const source = existing ?? createSource(db, { key: newSourceKey(), provider, label: "" });
  markConnected(db, source.id, {
    access_token: tokens.accessToken,
    access_token_expires_at: tokens.expiresAt?.toISOString() ?? null,
    refresh_token: tokens.refreshToken,
    account_id: identity.accountId || null,
    label: identity.label,
  });
  log.info(`contacts: ${provider} source ${source.id} connected`);
  // The first sync's outcome is shown on the Contact sources page; a failure does not undo the connect.
  await sync.source(source.id);
  return { key: source.key, source: getSourceByKey(db, source.key)! };
}

function providerRefused(name: string, err: OAuthError, redirectUri: string): Problem {
  const said = err.error ? ` ${name} said: ${err.error}${err.description ? ` — ${err.description}` : ""}.` : ` ${err.message}`;
  switch (err.kind) {
    case "redirect_uri":
      return new Unavailable(`${name} does not accept ${redirectUri} as the redirect URI.${said}`, { title: "Redirect URI not registered", hint: `Add exactly ${redirectUri} to the app registration's redirect URIs (and check public_url in switchboard.yml), then connect again.` });
    case "invalid_client":
      return new Unavailable(`${name} refused Switchboard's app credentials.${said}`, { title: "Client id or secret not accepted", hint: "Check client_id and client_secret (not the secret's id, and not expired) in switchboard.yml, then connect again." });
    case "unreachable":
      return new UpstreamFailed(err.message, { title: `${name} could not be reached`, hint: "Check the server's network connection and token_url in switchboard.yml, then connect again." });
    case "invalid_grant":
      return new Forbidden(`${name} refused the authorization code; it may have expired or been used.${said}`, { title: "The sign-in code was not accepted", hint: START_AGAIN });
    default:
      if (err.error === "access_denied") {
        return new Forbidden(`The sign-in was cancelled or consent was declined.${said}`, { title: "Access was not granted", hint: "Connect again and accept the requested permissions (or ask an administrator to grant consent for the organisation)." });
      }
      return new UpstreamFailed(said.trim(), { title: `${name} reported an error`, hint: START_AGAIN });
  }
}
