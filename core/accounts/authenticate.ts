// Who is calling the account API (DESIGN §5.4, FlexiAPI's auth.digest_or_key): an API key (x-api-key header or
// cookie) first, then HTTP Digest (RFC 7616, qop=auth, MD5 or SHA-256) for the account the From header names.
// Nonces are stored; each request must bring a larger nc than the last one seen with its nonce. Wrong Digest
// answers are limited per client address and per account, as Basic sign-ins are (lib/basic-auth.ts SignInLimiter);
// API keys are random and long, so guessing one is no concern.
import { createHash } from "node:crypto";
import { findAccount, getAccount, passwordsOf, type Account } from "../../db/accounts.ts";
import { findApiKey, markApiKeyUsed } from "../../db/api-keys.ts";
import { addNonce, advanceNonce, deleteNonce, findNonce } from "../../db/digest-nonces.ts";
import type { Db } from "../../db/open.ts";
import { serverSecret } from "../../db/server-secrets.ts";
import type { SignInLimiter } from "../../lib/basic-auth.ts";
import { digestChallenge, digestResponse, parseDigestAuthorization, sameDigest, type DigestAlgorithm } from "../../lib/digest.ts";
import { Forbidden, Invalid, NotFound, TooManyAttempts, Unauthenticated } from "../../lib/errors.ts";
import { randomToken } from "../../lib/random.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";
import { ha1For, isDigestAlgorithm, offeredAlgorithms, realmOf } from "./passwords.ts";

export interface SipRequest {
  method: string;
  /** The request target as sent (path and query): a Digest `uri` must equal it. */
  target: string;
  apiKey?: string;
  from?: string;
  authorization?: string;
  clientIp: string;
}

export interface SipCaller {
  account: Account;
  /** After a Digest sign-in: the challenges of the same nonce, so the client's next request skips a round trip. */
  challenges: string[];
}

/** An API key is kept as its SHA-256: a stolen database holds no usable key. */
export const hashApiKey = (key: string): string => createHash("sha256").update(key, "utf8").digest("hex");

/** last_used_at is written at most once a minute per key: a key used for every request costs no write each time. */
const USE_RESOLUTION_MS = 60_000;

export function authenticateSip(db: Db, settings: AccountsSettings, failures: SignInLimiter, r: SipRequest): SipCaller {
  if (r.apiKey !== undefined) return byApiKey(db, r.apiKey);
  if (!r.from) throw Invalid.field("from", "The From header is required: From: sip:user@domain.");
  const sip = parseFrom(r.from);
  const account = sip && findAccount(db, sip.username, sip.domain);
  if (!account) throw new NotFound("There is no account with this SIP address.");
  const who = `${account.username}@${account.domain}`;
  // Refused before a challenge is made: a blocked guesser gets no nonce (and stores none).
  if (failures.isBlocked(r.clientIp, who)) throw new TooManyAttempts("Too many failed sign-ins from your address or for this account; try again in a minute.", 60);
  const caller = byDigest(db, settings, account, r, () => failures.recordFailure(r.clientIp, who));
  failures.recordSuccess(who);
  return caller;
}

/** Admin routes: a signed-in admin, else 403 as FlexiAPI words it. */
export function requireAdmin(caller: SipCaller): SipCaller {
  if (!caller.account.admin) throw new Forbidden("Unauthorized area");
  return caller;
}

function byApiKey(db: Db, key: string): SipCaller {
  const found = key ? findApiKey(db, hashApiKey(key)) : undefined;
  const account = found && getAccount(db, found.account_id);
  if (!found || !account) throw new Unauthenticated("Unauthenticated request");
  if (Date.now() - Date.parse(found.last_used_at) > USE_RESOLUTION_MS) markApiKeyUsed(db, account.id);
  return checked({ account, challenges: [] });
}

function checked(caller: SipCaller): SipCaller {
  if (caller.account.blocked) throw new Forbidden("Account blocked");
  return caller;
}

/** `sip:user@domain` (a display name, angle brackets and ;parameters around it are allowed), percent-decoded. */
export function parseFrom(from: string): { username: string; domain: string } | undefined {
  const m = /sips?:([^;>\s]+)/i.exec(from.slice(0, 512));
  if (!m) return undefined;
  let address: string;
  try {
    address = decodeURIComponent(m[1]);
  } catch {
    return undefined;
  }
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1) return undefined;
  return { username: address.slice(0, at), domain: address.slice(at + 1) };
}

function byDigest(db: Db, settings: AccountsSettings, account: Account, r: SipRequest, wrongAnswer: () => void): SipCaller {
  const realm = realmOf(settings, account);
  const stored = passwordsOf(db, account.id);
  const opaque = serverSecret(db, "digest_opaque");
  const challenges = (nonce: string) => offeredAlgorithms(stored).map((algorithm) => digestChallenge({ realm, algorithm, nonce, opaque }));
  const refuse = (message: string) => {
    const nonce = randomToken(24);
    addNonce(db, account.id, nonce);
    return new Unauthenticated(message, challenges(nonce));
  };
  if (!r.authorization) throw refuse("Unauthenticated request");
  const auth = parseDigestAuthorization(r.authorization);
  if (!auth?.nonce) throw refuse("Unauthenticated request");
  const stored_nonce = findNonce(db, account.id, auth.nonce);
  if (!stored_nonce) throw refuse("Nonce invalid");
  const nc = /^[0-9a-f]{1,8}$/i.test(auth.nc ?? "") ? parseInt(auth.nc!, 16) : NaN;
  if (!Number.isInteger(nc) || !advanceNonce(db, stored_nonce.id, nc)) {
    deleteNonce(db, stored_nonce.id);
    throw refuse("Nonce replayed");
  }
  const algorithm = (auth.algorithm ?? "MD5") as DigestAlgorithm;
  const problems: Record<string, string[]> = {};
  const expect = (field: keyof typeof auth, ok: boolean, message: string) => {
    if (!ok) problems[field] = [message];
  };
  expect("opaque", auth.opaque === opaque, "The opaque value is not the one this server sent.");
  expect("qop", auth.qop === "auth", "qop must be auth.");
  expect("realm", auth.realm === realm, `The realm must be ${realm}.`);
  expect("cnonce", Boolean(auth.cnonce), "The cnonce is required.");
  expect("algorithm", isDigestAlgorithm(algorithm), "The algorithm must be MD5 or SHA-256.");
  expect("username", auth.username === account.username, "The username must be the From header's.");
  expect("uri", auth.uri === r.target, "The uri must be the request's path.");
  if (Object.keys(problems).length) throw new Invalid("The Digest response does not fit this request.", problems);
  const ha1 = ha1For(stored, algorithm, account.username, realm);
  if (!ha1) throw refuse("Wrong algorithm");
  const expected = digestResponse(algorithm, ha1, { method: r.method, uri: auth.uri!, nonce: auth.nonce, nc: auth.nc!, cnonce: auth.cnonce!, qop: "auth" });
  if (!sameDigest(expected, auth.response ?? "")) {
    wrongAnswer();
    throw refuse("Unauthorized");
  }
  return checked({ account, challenges: challenges(stored_nonce.nonce) });
}
