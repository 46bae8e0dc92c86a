// A small OAuth 2.0 client (RFC 6749 authorization code + refresh, RFC 7636 PKCE S256). Knows nothing of
// Switchboard: callers pass endpoints and credentials, and get tokens or an OAuthError whose `kind` says
// what a person has to fix.
import { createHash } from "node:crypto";
import { FetchError, fetchText } from "./fetch.ts";
import { randomToken } from "./random.ts";

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** How long the token endpoint may take to answer (15 s when not given). */
  timeoutMs?: number;
}

export interface Tokens {
  accessToken: string;
  /** When the access token stops working (from expires_in), or null when the provider does not say. */
  expiresAt: Date | null;
  /** Present when the provider issued (or rotated) one. */
  refreshToken: string | null;
  scope?: string;
}

export type OAuthErrorKind =
  | "invalid_client" // wrong client id or secret
  | "invalid_grant" // code or refresh token expired, used or revoked
  | "redirect_uri" // the redirect URI is not registered with the provider
  | "provider" // any other error the provider reported
  | "unreachable" // the token endpoint did not answer
  | "bad_response"; // an answer we cannot use

export class OAuthError extends Error {
  constructor(
    readonly kind: OAuthErrorKind,
    message: string,
    readonly error?: string,
    readonly description?: string,
  ) {
    super(message);
  }
}


export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomToken(48); // 64 characters, within RFC 7636's 43–128
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function authorizeUrl(client: OAuthClient, p: { redirectUri: string; scope: string; state: string; codeChallenge: string; extra?: Record<string, string> }): string {
  const url = new URL(client.authorizeUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", client.clientId);
  url.searchParams.set("redirect_uri", p.redirectUri);
  if (p.scope) url.searchParams.set("scope", p.scope);
  url.searchParams.set("state", p.state);
  url.searchParams.set("code_challenge", p.codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  for (const [k, v] of Object.entries(p.extra ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

export function exchangeCode(client: OAuthClient, p: { code: string; redirectUri: string; codeVerifier: string }, timeoutMs?: number): Promise<Tokens> {
  return tokenRequest(client, { grant_type: "authorization_code", code: p.code, redirect_uri: p.redirectUri, code_verifier: p.codeVerifier }, timeoutMs);
}

export function refreshTokens(client: OAuthClient, refreshToken: string, timeoutMs?: number): Promise<Tokens> {
  return tokenRequest(client, { grant_type: "refresh_token", refresh_token: refreshToken }, timeoutMs);
}

async function tokenRequest(client: OAuthClient, params: Record<string, string>, timeoutMs = client.timeoutMs ?? 15_000): Promise<Tokens> {
  const body = new URLSearchParams({ client_id: client.clientId, client_secret: client.clientSecret, ...params });
  let res;
  try {
    res = await fetchText(client.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: body.toString(),
      timeoutMs,
      maxBytes: 256 * 1024,
    });
  } catch (err) {
    if (err instanceof FetchError) throw new OAuthError("unreachable", `The token endpoint could not be used: ${err.message}.`);
    throw err;
  }
  let data: Record<string, unknown> = {};
  try {
    data = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    // handled below with the status
  }
  if (res.status >= 200 && res.status < 300 && typeof data.access_token === "string") {
    const expiresIn = Number(data.expires_in);
    return {
      accessToken: data.access_token,
      expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(Date.now() + expiresIn * 1000) : null,
      refreshToken: typeof data.refresh_token === "string" && data.refresh_token ? data.refresh_token : null,
      scope: typeof data.scope === "string" ? data.scope : undefined,
    };
  }
  if (typeof data.error === "string") throw classify(data.error, typeof data.error_description === "string" ? data.error_description : "");
  if (res.status >= 500) throw new OAuthError("unreachable", `The token endpoint answered HTTP ${res.status}.`);
  throw new OAuthError("bad_response", `The token endpoint answered HTTP ${res.status} without tokens.`);
}

/** Maps an OAuth `error` (+ description) from the token endpoint or the authorize redirect to a kind. */
export function classify(error: string, description = ""): OAuthError {
  const text = description ? `${error}: ${description}` : error;
  // Microsoft reports a bad redirect URI as invalid_request/invalid_client with AADSTS50011 / AADSTS500113.
  if (/redirect[_ ]?uri|AADSTS50011|AADSTS500113/i.test(description) || error === "invalid_redirect_uri") {
    return new OAuthError("redirect_uri", text, error, description);
  }
  if (error === "invalid_client" || error === "unauthorized_client" || /AADSTS7000215|AADSTS700016|client secret/i.test(description)) {
    return new OAuthError("invalid_client", text, error, description);
  }
  if (error === "invalid_grant") return new OAuthError("invalid_grant", text, error, description);
  return new OAuthError("provider", text, error, description);
}
