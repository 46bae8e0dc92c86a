// The guards of the route table (DESIGN §1): who may call a URL. The dispatcher runs a route's guard before its
// handler and hands the handler the identity the guard established. The checks themselves live in core/.
import type { IncomingMessage } from "node:http";
import type { App } from "../core/app.ts";
import { authenticateSip, requireAdmin, type SipCaller, type SipRequest } from "../core/accounts/authenticate.ts";
import { accountOfSession } from "../core/accounts/web-sessions.ts";
import { BASIC_CHALLENGE, signInWithBasic, type SipUser } from "../core/acrobits/sign-in.ts";
import { signIn, type Role, type SignedIn } from "../core/auth/roles.ts";
import type { AddressBookReader } from "../core/carddav/books.ts";
import { signInToAddressBooks } from "../core/carddav/sign-in.ts";
import { PHONE_TEXTS } from "../core/cisco/phone-texts.ts";
import { sourcesForKeys } from "../core/contacts/directory.ts";
import { provenPhoneMac } from "../core/mpp/mic.ts";
import { admitPhone } from "../core/mpp/phone-access.ts";
import { authenticateBearer, type SyncCaller } from "../core/sync/sso.ts";
import type { ContactSource } from "../db/contact-sources.ts";
import { Unauthenticated } from "../lib/errors.ts";
import { parseCookies } from "../lib/http.ts";
import type { Guard, GuardContext } from "../lib/router.ts";
import { clientCertificate } from "../lib/tls.ts";

/** A phone (or anything at an allowed phone address). */
export interface PhoneCaller {
  clientIp: string;
  /** Over HTTPS with tls.client_ca: the MAC the phone's verified certificate names, the only phone it may be. */
  provenMac?: string;
}

/** Whoever holds a phone-book key: the keys as given and the contact sources they name. */
export interface KeyHolder {
  keys: string;
  sources: ContactSource[];
}

/** Anyone: health checks, phones' authenticationURL (its body carries the credentials), OAuth callbacks. */
export const anyone: Guard<App, null> = { name: "public", crossSite: "anywhere", check: () => null };

/**
 * Anyone, but a state change only from this server's own pages (an Origin of ours and a JSON body): no credential
 * is involved, yet the request stands for a person's click on our page (confirming an account creation request),
 * which another site must not make on their behalf.
 */
export const ownPagesOnly: Guard<App, null> = { name: "public(own pages)", crossSite: "own-pages", check: () => null };

/**
 * Phones: an allowed phone address (core/mpp/phone-access.ts, shared with TFTP). Over HTTPS with tls.client_ca
 * set, the phone must also present a certificate of that CA naming its MAC (README "HTTPS"), and is then that
 * phone only.
 */
export const phone: Guard<App, PhoneCaller> = {
  name: "phone",
  // A phone sends no Origin; a page in a browser on an allowed address does, and is not a phone.
  crossSite: "not-foreign",
  check(req, ctx) {
    const config = ctx.app.store.config;
    admitPhone(config, { clientIp: ctx.clientIp, request: `${ctx.method} ${ctx.path}`, userAgent: String(req.headers["user-agent"] ?? "") });
    const cert = config.switchboard.tls.client_ca === null ? undefined : clientCertificate(req);
    return cert ? { clientIp: ctx.clientIp, provenMac: provenPhoneMac(cert, ctx.clientIp) } : { clientIp: ctx.clientIp };
  },
};

/**
 * A phone-book key (`?key=K` or `K1,K2`), as in the PHP tool: the key is the credential (wrong ones limited per
 * address). What is wrong with a key is said in directory.language: the phone shows it to the person at the phone.
 */
export const key: Guard<App, KeyHolder> = {
  name: "key",
  crossSite: "not-foreign",
  check(_req, ctx) {
    const keys = ctx.query.get("key") ?? "";
    const texts = PHONE_TEXTS[ctx.app.store.config.switchboard.directory.language];
    return { keys, sources: sourcesForKeys(ctx.app.db, keys, [], texts, { failures: ctx.app.keyFailures, clientIp: ctx.clientIp }) };
  },
};

/**
 * CardDAV clients (FRITZ!Box, Thunderbird, DAVx⁵, Contacts): HTTP Basic with any username and a phone-book key as
 * the password (that key's book; wrong keys counted per address like ?key=), or a serviceconfig.yml admin or user
 * (every book). Without credentials, or with wrong ones: 401 with a Basic challenge, whichever key the URL names.
 * Basic is ambient in a browser, so a browser's Origin must be ours for the (refused) writes.
 */
export const addressBooks: Guard<App, AddressBookReader> = {
  name: "key(basic)|role(admin|user)",
  crossSite: "not-foreign",
  check: (req, ctx) => signInToAddressBooks(ctx.app, req.headers.authorization, ctx.clientIp),
};

/** HTTP Basic users of serviceconfig.yml with one of these roles (admin may always). */
export function role(...roles: Role[]): Guard<App, SignedIn> {
  return {
    name: `role(${["admin", ...roles.filter((r) => r !== "admin")].join("|")})`,
    crossSite: "own-pages",
    check: (req, ctx) => signIn(ctx.app, req.headers.authorization, ctx.clientIp, roles),
  };
}

/** The API key a request carries: the x-api-key header, else the cookie GET /api/accounts/me/api_key set. */
function apiKeyOf(req: IncomingMessage): { key?: string; fromCookie: boolean } {
  const header = req.headers["x-api-key"];
  if (typeof header === "string") return { key: header, fromCookie: false };
  const cookie = parseCookies(req.headers.cookie).get("x-api-key");
  return { key: cookie, fromCookie: cookie !== undefined };
}

function sipRequest(req: IncomingMessage, ctx: GuardContext<App>): SipRequest {
  const from = req.headers.from;
  return { method: ctx.method, target: req.url ?? ctx.path, apiKey: apiKeyOf(req).key, from: typeof from === "string" ? from : undefined, authorization: req.headers.authorization, clientIp: ctx.clientIp };
}

/** The self-service pages' session cookie (POST /api/session sets it). */
export const SESSION_COOKIE = "switchboard_session";

/**
 * The session cookie a request carries, unless it names its account another way (an x-api-key header, a From
 * header for Digest): a native client's own credentials win over whatever cookie a shared browser holds.
 */
export function sessionOf(req: IncomingMessage): string | undefined {
  if (req.headers["x-api-key"] !== undefined || req.headers.from !== undefined) return undefined;
  return parseCookies(req.headers.cookie).get(SESSION_COOKIE);
}

/**
 * A SIP account (FlexiAPI's API): the self-service pages' session cookie, an API key, or HTTP Digest for the
 * account of the From header. The cookies (session, API key) are sent by a browser on its own, so only our own
 * pages may change state with them; Digest and the x-api-key header come from native clients, which send no Origin.
 */
export const sip: Guard<App, SipCaller> = {
  name: "sip",
  crossSite: (req) => (sessionOf(req) !== undefined || apiKeyOf(req).fromCookie ? "own-pages" : "not-foreign"),
  check(req, ctx) {
    const session = sessionOf(req);
    if (session !== undefined) return { account: accountOfSession(ctx.app.db, session), challenges: [] };
    return authenticateSip(ctx.app.db, ctx.app.store.config.switchboard.accounts, ctx.app.sipSignInFailures, sipRequest(req, ctx));
  },
  replyHeaders: (caller): Record<string, string[]> => (caller.challenges.length ? { "WWW-Authenticate": caller.challenges } : {}),
};

/** A SIP account that is an admin (403 "Unauthorized area" for others). */
export const sipAdmin: Guard<App, SipCaller> = {
  ...sip,
  name: "sip(admin)",
  check: (req, ctx) => requireAdmin(sip.check(req, ctx) as SipCaller),
};

/**
 * A SIP account answering for itself, as an Acrobits app calls its web services (Web Service Contacts): HTTP Basic
 * with the account's username and password (checked and rate-limited like every SIP sign-in), or what `sip` takes
 * (Digest for the account of a From header, an API key). Without credentials: 401 with a Basic challenge, since
 * without a From header there is no account to offer Digest for. Basic is as ambient as a cookie in a browser, but
 * this guard serves only reads, whose answers no other site can see.
 */
export const sipUser: Guard<App, SipUser> = {
  name: "sip(basic)",
  crossSite: "not-foreign",
  async check(req, ctx) {
    const { db, store, ssoFailures } = ctx.app;
    const basic = signInWithBasic(db, store.config.switchboard, ssoFailures, req.headers.authorization, ctx.clientIp);
    if (basic) return basic;
    if (!req.headers.authorization && !req.headers.from && apiKeyOf(req).key === undefined) {
      throw new Unauthenticated("Sign in with the SIP account's username and password (HTTP Basic).", [BASIC_CHALLENGE]);
    }
    const caller = await sip.check(req, ctx);
    return { sipAddress: `${caller.account.username}@${caller.account.domain}`, challenges: caller.challenges };
  },
  replyHeaders: (caller): Record<string, string[]> => (caller.challenges.length ? { "WWW-Authenticate": caller.challenges } : {}),
};

/**
 * A Contact Sync identity: `Authorization: Bearer <token>` from POST /sso/token (401 with a Bearer challenge when
 * missing, unknown or expired). A browser never sends that header by itself — a page must add it to each request —
 * so no other site can make a request that carries it; a browser's Origin, when sent, must still be ours.
 */
export const bearer: Guard<App, SyncCaller> = {
  name: "bearer",
  crossSite: "not-foreign",
  check: (req, ctx) => authenticateBearer(ctx.app.db, req.headers.authorization),
};

/** The x-api-key cookie for this server's own pages: HttpOnly, sent to no other site, gone when the key would expire. */
export function apiKeyCookie(app: App, key: string): string {
  const { public_url, accounts } = app.store.config.switchboard;
  const secure = public_url.startsWith("https:") ? "; Secure" : "";
  return `x-api-key=${key}; Path=/; Max-Age=${accounts.api_key_expiration_minutes * 60}; HttpOnly; SameSite=Strict${secure}`;
}

/**
 * The self-service session cookie: HttpOnly (no script reads it), Secure over HTTPS, and SameSite=Strict rather
 * than Lax: FlexiAPI's GETs that change state (/api/accounts/me/api_key, /me/provision) must not run from another
 * site's link either, and our pages' own requests carry a Strict cookie all the same. `maxAgeSeconds` 0 deletes it.
 */
export function sessionCookie(app: App, token: string, maxAgeSeconds: number): string {
  const secure = app.store.config.switchboard.public_url.startsWith("https:") ? "; Secure" : "";
  return `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
}

/** Deletes the x-api-key cookie (sign-out, a revoked key). */
export const noApiKeyCookie = "x-api-key=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict";
