// Contact Sync sign-in (Acrobits' SSO server, DESIGN §5.5): SIP credentials and a cloud ID are checked by External
// Authentication — the local SIP accounts, or the configured web service — and earn a Bearer token for the identity
// (username, cloud_id). One token per identity: a new sign-in replaces the previous token, and finds the devices
// the identity already has.
import { findAccount, passwordsOf, type Account, type StoredPassword } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import { findSsoToken, saveSsoToken } from "../../db/sso-tokens.ts";
import type { SyncIdentity } from "../../db/sync-devices.ts";
import type { SignInLimiter } from "../../lib/basic-auth.ts";
import { Invalid, TooManyAttempts, Unauthenticated } from "../../lib/errors.ts";
import { randomToken } from "../../lib/random.ts";
import { hashApiKey } from "../accounts/authenticate.ts";
import { passwordMatches, realmOf } from "../accounts/passwords.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";
import type { SwitchboardConfig } from "../config/switchboard.ts";
import { normalizeNumber } from "../contacts/normalize.ts";
import { syncDialPlan } from "./dial-plan.ts";
import { checkExternally, MAX_VERIFIED_NUMBERS } from "./external-auth.ts";

/** Who a Bearer token stands for. */
export interface SyncCaller extends SyncIdentity {
  verified_numbers: string[];
}

export interface IssuedToken {
  token: string;
  expires_at: string;
  verified_numbers: string[];
}

/** How long too many failed sign-ins block an address or a username (App.ssoFailures; Retry-After says what is left). */
export const SSO_BLOCK_SECONDS = 300;
const CHALLENGE = 'Bearer realm="Switchboard"';
// Compared against when the account does not exist, so an unknown username costs what a known one does.
const NO_PASSWORDS: StoredPassword[] = [{ algorithm: "SHA-256", hash: "0".repeat(64) }];

/** POST /sso/token: a token for the identity, when External Authentication accepts the credentials. */
export async function issueSsoToken(db: Db, config: SwitchboardConfig, failures: SignInLimiter, body: Record<string, unknown>, clientIp: string): Promise<IssuedToken> {
  const input = signInFields(body);
  const { user, host } = splitUsername(input.username, config.accounts.sip_domain);
  const identity: SyncIdentity = { username: `${user}@${host}`, cloud_id: input.cloud_id };
  const external = config.sync.external_auth;
  const verified = await limitedSignIn(failures, clientIp, identity.username, () => external.url
    ? checkExternally(external, { username: user, host, password: input.password, cloud_id: input.cloud_id })
    : checkLocally(db, config.accounts, user, host, input.password));
  return saveToken(db, config, identity, verified);
}

/**
 * A check of SIP credentials under the sign-in limits, for every way they are given (POST /sso/token,
 * /acrobits/ext-auth, HTTP Basic on /acrobits/contacts): more than 10 failures within 5 minutes from one address,
 * or for one username (user@host) from anywhere, block it for SSO_BLOCK_SECONDS (429, Retry-After the rest of the
 * block of the limiter given). `check` answers undefined for wrong credentials (401, with `challenges`); a success
 * clears only its username's count.
 */
export async function limitedSignIn<T>(failures: SignInLimiter, clientIp: string, username: string, check: () => T | undefined | Promise<T | undefined>, challenges: string[] = []): Promise<T> {
  const who = username.toLowerCase();
  if (failures.isBlocked(clientIp, who)) {
    throw new TooManyAttempts("Too many failed sign-ins for this address or username; try again in a few minutes.", Math.max(1, failures.retryAfterSeconds(clientIp, who)));
  }
  const result = await check();
  if (result === undefined) {
    failures.recordFailure(clientIp, who);
    throw new Unauthenticated("Wrong username or password.", challenges);
  }
  failures.recordSuccess(who);
  return result;
}

/** The identity a `Authorization: Bearer <token>` header stands for; 401 with a Bearer challenge otherwise. */
export function authenticateBearer(db: Db, authorization: string | undefined): SyncCaller {
  const m = /^Bearer +([A-Za-z0-9._~+/-]{1,512}=*) *$/i.exec((authorization ?? "").slice(0, 600));
  if (!m) throw new Unauthenticated("Sign in first (POST /sso/token) and send the token as Authorization: Bearer <token>.", [CHALLENGE]);
  const found = findSsoToken(db, hashApiKey(m[1]));
  if (!found || Date.parse(found.expires_at) <= Date.now()) {
    throw new Unauthenticated("The token is unknown or has expired; sign in again.", [`${CHALLENGE}, error="invalid_token"`]);
  }
  return { username: found.username, cloud_id: found.cloud_id, verified_numbers: found.verified_numbers };
}

function signInFields(body: Record<string, unknown>): { username: string; password: string; cloud_id: string } {
  const errors: Record<string, string[]> = {};
  const field = (name: string, max: number): string => {
    const v = body[name];
    if (typeof v !== "string" || !v.trim()) errors[name] = [`The ${name} is required.`];
    else if (v.length > max) errors[name] = [`The ${name} must not be longer than ${max} characters.`];
    return typeof v === "string" ? v : "";
  };
  const fields = { username: field("username", 255).trim(), password: field("password", 1024), cloud_id: field("cloud_id", 255).trim() };
  if (Object.keys(errors).length) throw new Invalid(Object.values(errors)[0][0], errors);
  return fields;
}

/** `user@host` or a bare `user` in the default SIP domain (a `sip:` in front is allowed). */
export function splitUsername(username: string, defaultDomain: string): { user: string; host: string } {
  const address = username.replace(/^sips?:/i, "");
  const at = address.lastIndexOf("@");
  if (at < 0) return { user: address, host: defaultDomain };
  if (at === 0 || at === address.length - 1) throw Invalid.field("username", "The username must be user or user@domain.");
  return { user: address.slice(0, at), host: address.slice(at + 1).toLowerCase() };
}

/**
 * The local SIP accounts as External Authentication: the password is checked against the stored Digest hashes.
 * An account that cannot sign in anywhere else (blocked, not activated) cannot here. Its verified numbers: its
 * phone, and its username when that is a number in international form (an account registered by phone number).
 * Undefined when the credentials are not valid.
 */
export function checkLocally(db: Db, settings: AccountsSettings, user: string, host: string, password: string): string[] | undefined {
  const account = findAccount(db, user, host);
  const stored = account ? passwordsOf(db, account.id) : NO_PASSWORDS;
  const matches = passwordMatches(stored, user, account ? realmOf(settings, account) : host, password);
  if (!account || !matches || !account.activated || account.blocked) return undefined;
  return localVerifiedNumbers(account);
}

function localVerifiedNumbers(account: Account): string[] {
  return [account.phone, /^\+\d{3,20}$/.test(account.username) ? account.username : null].filter((n): n is string => Boolean(n));
}

function saveToken(db: Db, config: SwitchboardConfig, identity: SyncIdentity, verified: string[]): IssuedToken {
  const token = randomToken(32);
  const now = new Date();
  const expires = new Date(now.getTime() + config.sync.token_days * 86_400_000);
  const plan = syncDialPlan(config);
  const numbers = verified.slice(0, MAX_VERIFIED_NUMBERS);
  const normalized = [...new Set(numbers.map((n) => normalizeNumber(n, plan)).filter((n) => n.length >= 3))];
  saveSsoToken(db, {
    ...identity,
    // The same SHA-256 as API keys: a stolen database holds no usable token.
    tokenHash: hashApiKey(token),
    verifiedNumbers: numbers,
    normalizedNumbers: normalized,
    createdAt: now.toISOString(),
    expiresAt: expires.toISOString(),
  });
  return { token, expires_at: expires.toISOString(), verified_numbers: numbers };
}
