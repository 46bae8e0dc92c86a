// The OAuth providers as switchboard.yml configures them: endpoints (overridable, so tests use local fakes),
// scopes, and where each one tells us who signed in.
import type { Provider } from "../../db/contact-sources.ts";
import type { OAuthClient } from "../../lib/oauth2.ts";
import type { ProviderConfig, SwitchboardConfig } from "../config/switchboard.ts";
import type { UpstreamOptions } from "./upstream.ts";

export type OAuthProvider = Exclude<Provider, "fritzbox" | "sync-device">;
export const OAUTH_PROVIDERS: OAuthProvider[] = ["microsoft", "sipgate"];

export const PROVIDER_NAMES: Record<Provider, string> = { microsoft: "Microsoft 365 / Outlook", sipgate: "sipgate", fritzbox: "FRITZ!Box", "sync-device": "Contact Sync device" };

const DEFAULT_SCOPES: Record<OAuthProvider, string> = {
  microsoft: "offline_access User.Read Contacts.Read",
  sipgate: "all",
};

export function isOAuthProvider(p: string): p is OAuthProvider {
  return (OAUTH_PROVIDERS as string[]).includes(p);
}

export function providerConfig(config: SwitchboardConfig, provider: OAuthProvider): ProviderConfig {
  return config.contacts.providers[provider];
}

/** A provider can be connected once it has a client id (and secret) in switchboard.yml. */
export function isConfigured(config: SwitchboardConfig, provider: OAuthProvider): boolean {
  const p = providerConfig(config, provider);
  return Boolean(p?.client_id && p?.client_secret);
}

export function oauthClient(config: SwitchboardConfig, provider: OAuthProvider): OAuthClient {
  const p = providerConfig(config, provider);
  const tenant = encodeURIComponent(p.tenant || "common");
  return {
    clientId: p.client_id,
    clientSecret: p.client_secret,
    authorizeUrl: p.authorize_url.replace("{tenant}", tenant),
    tokenUrl: p.token_url.replace("{tenant}", tenant),
    timeoutMs: config.contacts.timeout_seconds * 1000,
  };
}

/** How long one request to a provider (token endpoint, API page, phone book) may take: contacts.timeout_seconds. */
export function upstreamLimits(config: SwitchboardConfig): UpstreamOptions {
  return { timeoutMs: config.contacts.timeout_seconds * 1000 };
}

export function scopeOf(config: SwitchboardConfig, provider: OAuthProvider): string {
  return providerConfig(config, provider).scope ?? DEFAULT_SCOPES[provider];
}

export function apiUrlOf(config: SwitchboardConfig, provider: OAuthProvider): string {
  return providerConfig(config, provider).api_url.replace(/\/+$/, "");
}

/** Graph: {api_url}/me; sipgate: {api_url}/authorization/userinfo — unless userinfo_url says otherwise. */
export function userinfoUrlOf(config: SwitchboardConfig, provider: OAuthProvider): string {
  const p = providerConfig(config, provider);
  if (p.userinfo_url) return p.userinfo_url;
  return provider === "microsoft" ? `${apiUrlOf(config, provider)}/me` : `${apiUrlOf(config, provider)}/authorization/userinfo`;
}
