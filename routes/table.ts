// THE route table: every URL the server answers, who may call it (its guard, enforced by the dispatcher before
// the handler runs) and its module, imported when its URL is first asked for (server.ts loads the phones' routes
// before it listens). First match wins, so the static-file catch-all stays last.
//
// Where a module lives: at the path of its URL. /health → health.ts, /api/admin/reports → api/admin/reports.ts,
// a path parameter is a [name] folder or file (/api/admin/contact-sources/:key/sync →
// api/admin/contact-sources/[key]/sync.ts), the catch-all is [...path].ts, and / is index.ts (as is a folder's
// URL ending in /: /carddav/:key/ → carddav/[key]/index.ts). Legacy aliases
// (.php) exist only here. When one URL answers two kinds of caller, chosen by a query parameter, the second
// module is <name>.<what>.ts next to the first (/?key= → index.key.ts). The exceptions are the MPP profile and
// report routes (/:id.xml, /report): they live in mpp/, as the phones' Profile_Rule and Report_Rule name them.
// Besides modules, routes/ holds only this table's vocabulary: guards.ts (who may call), errors.ts (how a
// module's errors look) and site-map.ts (the table as documentation: `cli routes`, /api).
import type { App } from "../core/app.ts";
import { route, type Route } from "../lib/router.ts";
import { addressBooks, anyone, bearer, key, ownPagesOnly, phone, role, sip, sipAdmin, sipUser } from "./guards.ts";

const admin = role("admin");
const monitoring = role("admin", "monitor");
const user = role("user");
// Anyone signed in: / sends a monitor or a user on to the page their role may open.
const signedIn = role("monitor", "user");
const OAUTH_ANSWER = ["state", "code", "error"];
/** The phones' profile URL (Profile_Rule), whose answer times are the config-request metric. */
export const PROFILE_PATH = "/:id.xml";

export const routes: Route<App>[] = [
  // Service health, for load balancers
  route({ path: "/health", guard: anyone, load: () => import("./health.ts") }),

  // Cisco MPP provisioning: phones fetch /<MAC|serial|id>.xml (Profile_Rule) and post reports (Report_Rule)
  route({ path: PROFILE_PATH, guard: phone, load: () => import("./mpp/profile.ts") }),
  route({ path: "/report", guard: phone, load: () => import("./mpp/report.ts") }),
  route({ path: "/report/:mac", guard: phone, load: () => import("./mpp/report.ts") }),

  // Monitoring
  route({ path: "/status", guard: monitoring, load: () => import("./status.ts") }),
  route({ path: "/metrics", guard: monitoring, load: () => import("./metrics.ts") }),

  // Overview: with ?key= one phone book's URLs (index.php did both); without it the admin dashboard (others are
  // sent on to their own page)
  route({ path: "/", query: ["key"], guard: key, load: () => import("./index.key.ts") }),
  route({ path: "/", guard: signedIn, load: () => import("./index.ts") }),
  route({ path: "/index.php", query: ["key"], guard: key, load: () => import("./index.key.ts") }),
  route({ path: "/index.php", guard: signedIn, load: () => import("./index.ts") }),

  // Admin pages (static shells from public/admin/) and the JSON behind them
  route({ path: "/reports", guard: admin, load: () => import("./reports.ts") }),
  route({ path: "/report-detail/:id", guard: admin, load: () => import("./report-detail/[id].ts") }),
  route({ path: "/compare/:mac", guard: admin, load: () => import("./compare/[mac].ts") }),
  route({ path: "/export-unexpected/:mac", guard: admin, load: () => import("./export-unexpected/[mac].ts") }),
  route({ path: "/api/admin/dashboard", guard: admin, load: () => import("./api/admin/dashboard.ts") }),
  route({ path: "/api/admin/unknown-phones", guard: monitoring, load: () => import("./api/admin/unknown-phones.ts") }),
  route({ path: "/api/admin/reports", guard: admin, load: () => import("./api/admin/reports.ts") }),
  route({ path: "/api/admin/reports/prune", guard: admin, load: () => import("./api/admin/reports/prune.ts") }),
  route({ path: "/api/admin/reports/:id", guard: admin, load: () => import("./api/admin/reports/[id].ts") }),
  route({ path: "/api/admin/compare/:mac", guard: admin, load: () => import("./api/admin/compare/[mac].ts") }),
  route({ path: "/api/admin/parameters/:mac", guard: admin, load: () => import("./api/admin/parameters/[mac].ts") }),

  // Fleet operations (README "Profile history and pinning", "Remote resync and reboot"): each phone's profile
  // versions, a diff between two, pinning to one; the audit log of admin actions; resync/reboot jobs.
  route({ path: "/fleet", guard: admin, load: () => import("./fleet.ts") }),
  route({ path: "/phone-history/:mac", guard: admin, load: () => import("./phone-history/[mac].ts") }),
  route({ path: "/audit-log", guard: admin, load: () => import("./audit-log.ts") }),
  route({ path: "/api/admin/phones/:mac/history", guard: admin, load: () => import("./api/admin/phones/[mac]/history.ts") }),
  route({ path: "/api/admin/phones/:mac/diff", guard: admin, load: () => import("./api/admin/phones/[mac]/diff.ts") }),
  route({ path: "/api/admin/phones/:mac/pin", guard: admin, load: () => import("./api/admin/phones/[mac]/pin.ts") }),
  route({ path: "/api/admin/audit-log", guard: admin, load: () => import("./api/admin/audit-log.ts") }),
  route({ path: "/api/admin/fleet/jobs", guard: admin, load: () => import("./api/admin/fleet/jobs.ts") }),
  route({ path: "/api/admin/fleet/jobs/:id", guard: admin, load: () => import("./api/admin/fleet/jobs/[id].ts") }),

  // Contact sources. The OAuth connect: an admin starts a new one from our pages (GET, never with a key) or
  // reconnects a source (POST …/:key/connect); the provider's answer comes back to /oauth-grant as GET ?state=…
  // or as a form POST, bound to the browser that started it (not to a sign-in).
  route({ path: "/contact-sources", guard: admin, load: () => import("./contact-sources.ts") }),
  route({ path: "/oauth-grant", query: OAUTH_ANSWER, guard: anyone, load: () => import("./oauth-grant.callback.ts") }),
  route({ path: "/oauth-grant", guard: admin, load: () => import("./oauth-grant.ts") }),
  route({ path: "/oauth-grant", guard: anyone, load: () => import("./oauth-grant.callback.ts") }),
  route({ path: "/oauth-grant.php", query: OAUTH_ANSWER, guard: anyone, load: () => import("./oauth-grant.callback.ts") }),
  route({ path: "/oauth-grant.php", guard: admin, load: () => import("./oauth-grant.ts") }),
  route({ path: "/oauth-grant.php", guard: anyone, load: () => import("./oauth-grant.callback.ts") }),
  route({ path: "/api/admin/contact-sources", guard: admin, load: () => import("./api/admin/contact-sources.ts") }),
  route({ path: "/api/admin/contact-sources/:key", guard: admin, load: () => import("./api/admin/contact-sources/[key].ts") }),
  route({ path: "/api/admin/contact-sources/:key/sync", guard: admin, load: () => import("./api/admin/contact-sources/[key]/sync.ts") }),
  route({ path: "/api/admin/contact-sources/:key/connect", guard: admin, load: () => import("./api/admin/contact-sources/[key]/connect.ts") }),
  route({ path: "/api/admin/phone-books", guard: admin, load: () => import("./api/admin/phone-books.ts") }),
  route({ path: "/api/admin/phone-books/:key", guard: admin, load: () => import("./api/admin/phone-books/[key].ts") }),

  // Cisco phone services: directoryURL and authenticationURL (the old PHP URLs stay as aliases)
  route({ path: "/cisco/directory", guard: key, load: () => import("./cisco/directory.ts") }),
  route({ path: "/cisco/directory.php", guard: key, load: () => import("./cisco/directory.ts") }),
  route({ path: "/cisco/authenticate", guard: anyone, load: () => import("./cisco/authenticate.ts") }),
  route({ path: "/cisco/authenticate.php", guard: anyone, load: () => import("./cisco/authenticate.ts") }),

  // Browser dialer and vCard export
  route({ path: "/call", guard: user, load: () => import("./call.ts") }),
  route({ path: "/call.php", guard: user, load: () => import("./call.ts") }),
  route({ path: "/api/dialer/phones", guard: user, load: () => import("./api/dialer/phones.ts") }),
  route({ path: "/api/dialer/suggest", guard: user, load: () => import("./api/dialer/suggest.ts") }),
  route({ path: "/api/dialer/dial", guard: user, load: () => import("./api/dialer/dial.ts") }),
  route({ path: "/api/dialer/access", guard: anyone, load: () => import("./api/dialer/access.ts") }),
  route({ path: "/vcard", guard: key, load: () => import("./vcard.ts") }),
  route({ path: "/vcard.php", guard: key, load: () => import("./vcard.ts") }),

  // SIP accounts: FlexiAPI's REST API (DESIGN §5.4). /me and the other names before /:id, which would take them as ids.
  route({ path: "/api", guard: anyone, load: () => import("./api.ts") }),
  route({ path: "/api/ping", guard: anyone, load: () => import("./api/ping.ts") }),
  route({ path: "/api/accounts/me", guard: sip, load: () => import("./api/accounts/me.ts") }),
  route({ path: "/api/accounts/me/api_key", guard: sip, load: () => import("./api/accounts/me/api_key.ts") }),
  route({ path: "/api/accounts/me/password", guard: sip, load: () => import("./api/accounts/me/password.ts") }),
  route({ path: "/api/accounts/me/provision", guard: sip, load: () => import("./api/accounts/me/provision.ts") }),
  route({ path: "/api/accounts/auth_token", guard: anyone, load: () => import("./api/accounts/auth_token.ts") }),
  route({ path: "/api/accounts/with-account-creation-token", guard: anyone, load: () => import("./api/accounts/with-account-creation-token.ts") }),
  route({ path: "/api/accounts/:sip/info", guard: anyone, load: () => import("./api/accounts/[sip]/info.ts") }),
  route({ path: "/api/accounts", guard: sipAdmin, load: () => import("./api/accounts.ts") }),
  route({ path: "/api/accounts/:id", guard: sipAdmin, load: () => import("./api/accounts/[id].ts") }),
  route({ path: "/api/accounts/:id/activate", guard: sipAdmin, load: () => import("./api/accounts/[id]/activate.ts") }),
  route({ path: "/api/accounts/:id/deactivate", guard: sipAdmin, load: () => import("./api/accounts/[id]/deactivate.ts") }),
  route({ path: "/api/accounts/:id/block", guard: sipAdmin, load: () => import("./api/accounts/[id]/block.ts") }),
  route({ path: "/api/accounts/:id/unblock", guard: sipAdmin, load: () => import("./api/accounts/[id]/unblock.ts") }),
  route({ path: "/api/accounts/:id/provision", guard: sipAdmin, load: () => import("./api/accounts/[id]/provision.ts") }),
  route({ path: "/api/accounts/:sip/search", guard: sipAdmin, load: () => import("./api/accounts/[sip]/search.ts") }),
  route({ path: "/api/accounts/:email/search-by-email", guard: sipAdmin, load: () => import("./api/accounts/[email]/search-by-email.ts") }),

  // SIP accounts: API keys from auth tokens, account creation tokens and request tokens, activation
  // (an app shows an auth token, a signed-in account attaches it, the app trades it once for an API key; a person
  // confirms a creation request on /creation_token/check/:token, whose button posts to /creation_token/validate)
  route({ path: "/api/accounts/me/api_key/:auth_token", guard: anyone, load: () => import("./api/accounts/me/api_key/[auth_token].ts") }),
  route({ path: "/api/accounts/auth_token/:auth_token/attach", guard: sip, load: () => import("./api/accounts/auth_token/[auth_token]/attach.ts") }),
  route({ path: "/api/account_creation_request_tokens", guard: anyone, load: () => import("./api/account_creation_request_tokens.ts") }),
  route({ path: "/creation_token/check/:token", guard: anyone, load: () => import("./creation_token/check/[token].ts") }),
  route({ path: "/creation_token/validate", guard: ownPagesOnly, load: () => import("./creation_token/validate.ts") }),
  route({ path: "/api/account_creation_tokens/using-account-creation-request-token", guard: anyone, load: () => import("./api/account_creation_tokens/using-account-creation-request-token.ts") }),
  route({ path: "/api/account_creation_tokens/consume", guard: sip, load: () => import("./api/account_creation_tokens/consume.ts") }),
  route({ path: "/api/account_creation_tokens", guard: sipAdmin, load: () => import("./api/account_creation_tokens.ts") }),
  route({ path: "/api/accounts/:sip/activate/email", guard: anyone, load: () => import("./api/accounts/[sip]/activate/email.ts") }),
  route({ path: "/api/accounts/:sip/activate/phone", guard: anyone, load: () => import("./api/accounts/[sip]/activate/phone.ts") }),

  // SIP accounts: confirmation by email and phone. A 4-digit code goes to a new email address or phone number and,
  // sent back, makes it the account's; an admin mails an account a recovery; a confirmation mail links to the
  // activation page, whose button posts to /api/accounts/:sip/activate/email.
  route({ path: "/api/accounts/me/email/request", guard: sip, load: () => import("./api/accounts/me/email/request.ts") }),
  route({ path: "/api/accounts/me/email", guard: sip, load: () => import("./api/accounts/me/email.ts") }),
  route({ path: "/api/accounts/me/phone/request", guard: sip, load: () => import("./api/accounts/me/phone/request.ts") }),
  route({ path: "/api/accounts/me/phone", guard: sip, load: () => import("./api/accounts/me/phone.ts") }),
  route({ path: "/api/accounts/:id/recover-by-email", guard: sipAdmin, load: () => import("./api/accounts/[id]/recover-by-email.ts") }),
  route({ path: "/activate/:sip", guard: anyone, load: () => import("./activate/[sip].ts") }),

  // SIP accounts: types, actions, contacts and contacts lists, dictionary, vCards of the contacts. The account's
  // own contacts first: /api/accounts/:id/contacts would take "me" as an id.
  route({ path: "/api/accounts/me/contacts", guard: sip, load: () => import("./api/accounts/me/contacts.ts") }),
  route({ path: "/api/accounts/me/contacts/:sip", guard: sip, load: () => import("./api/accounts/me/contacts/[sip].ts") }),
  route({ path: "/contacts/vcard", guard: sip, load: () => import("./contacts/vcard.ts") }),
  route({ path: "/contacts/vcard/:sip", guard: sip, load: () => import("./contacts/vcard/[sip].ts") }),
  route({ path: "/api/account_types", guard: sipAdmin, load: () => import("./api/account_types.ts") }),
  route({ path: "/api/account_types/:id", guard: sipAdmin, load: () => import("./api/account_types/[id].ts") }),
  route({ path: "/api/accounts/:id/types/:type_id", guard: sipAdmin, load: () => import("./api/accounts/[id]/types/[type_id].ts") }),
  route({ path: "/api/accounts/:id/actions", guard: sipAdmin, load: () => import("./api/accounts/[id]/actions.ts") }),
  route({ path: "/api/accounts/:id/actions/:action_id", guard: sipAdmin, load: () => import("./api/accounts/[id]/actions/[action_id].ts") }),
  route({ path: "/api/accounts/:id/contacts", guard: sipAdmin, load: () => import("./api/accounts/[id]/contacts.ts") }),
  route({ path: "/api/accounts/:id/contacts/:contact_id", guard: sipAdmin, load: () => import("./api/accounts/[id]/contacts/[contact_id].ts") }),
  route({ path: "/api/contacts_lists", guard: sipAdmin, load: () => import("./api/contacts_lists.ts") }),
  route({ path: "/api/contacts_lists/:id", guard: sipAdmin, load: () => import("./api/contacts_lists/[id].ts") }),
  route({ path: "/api/contacts_lists/:id/contacts/:contacts_id", guard: sipAdmin, load: () => import("./api/contacts_lists/[id]/contacts/[contacts_id].ts") }),
  route({ path: "/api/accounts/:id/contacts_lists/:contacts_list_id", guard: sipAdmin, load: () => import("./api/accounts/[id]/contacts_lists/[contacts_list_id].ts") }),
  route({ path: "/api/accounts/:id/dictionary", guard: sipAdmin, load: () => import("./api/accounts/[id]/dictionary.ts") }),
  route({ path: "/api/accounts/:id/dictionary/:key", guard: sipAdmin, load: () => import("./api/accounts/[id]/dictionary/[key].ts") }),

  // SIP accounts: creation tokens pushed to the app's device (flexisip_pusher), and SIP messages sent by admins
  // through a linphone-daemon
  route({ path: "/api/account_creation_tokens/send-by-push", guard: anyone, load: () => import("./api/account_creation_tokens/send-by-push.ts") }),
  route({ path: "/api/messages", guard: sipAdmin, load: () => import("./api/messages.ts") }),

  // Admin pages: SIP accounts. Signed in as a serviceconfig.yml admin (not a SIP account), the same accounts as
  // FlexiAPI's admin API manages, through the same core functions; changes only from our own pages (JSON + Origin).
  route({ path: "/accounts", guard: admin, load: () => import("./accounts.ts") }),
  route({ path: "/accounts/:id", guard: admin, load: () => import("./accounts/[id].ts") }),
  route({ path: "/api/admin/accounts", guard: admin, load: () => import("./api/admin/accounts.ts") }),
  route({ path: "/api/admin/accounts/:id", guard: admin, load: () => import("./api/admin/accounts/[id].ts") }),
  route({ path: "/api/admin/accounts/:id/api-key", guard: admin, load: () => import("./api/admin/accounts/[id]/api-key.ts") }),
  route({ path: "/api/admin/accounts/:id/types/:type_id", guard: admin, load: () => import("./api/admin/accounts/[id]/types/[type_id].ts") }),
  route({ path: "/api/admin/accounts/:id/actions", guard: admin, load: () => import("./api/admin/accounts/[id]/actions.ts") }),
  route({ path: "/api/admin/accounts/:id/actions/:action_id", guard: admin, load: () => import("./api/admin/accounts/[id]/actions/[action_id].ts") }),
  route({ path: "/api/admin/account-types", guard: admin, load: () => import("./api/admin/account-types.ts") }),
  route({ path: "/api/admin/account-types/:id", guard: admin, load: () => import("./api/admin/account-types/[id].ts") }),

  // Account self-service (README "Account self-service"): the pages of the people who own SIP accounts, over the
  // /api/accounts/me… JSON. A sign-in on /api/session earns a session cookie, which `sip` takes like an API key
  // (own pages only for changes); sign-up only when accounts.public_registration is on.
  route({ path: "/account", guard: anyone, load: () => import("./account.ts") }),
  route({ path: "/account/sign-up", guard: anyone, load: () => import("./account/sign-up.ts") }),
  route({ path: "/api/session", guard: ownPagesOnly, load: () => import("./api/session.ts") }),
  route({ path: "/api/session/code", guard: ownPagesOnly, load: () => import("./api/session/code.ts") }),
  route({ path: "/api/accounts/me/devices", guard: sip, load: () => import("./api/accounts/me/devices.ts") }),
  route({ path: "/api/accounts/me/directories", guard: sip, load: () => import("./api/accounts/me/directories.ts") }),
  route({ path: "/api/accounts/me/phones", guard: sip, load: () => import("./api/accounts/me/phones.ts") }),
  route({ path: "/api/accounts/me/phones/:id/resync", guard: sip, load: () => import("./api/accounts/me/phones/[id]/resync.ts") }),

  // Linphone provisioning (README "Linphone provisioning"): the XML a Linphone app loads as its config, for nobody,
  // the signed-in account, a one-shot provisioning token (activates the account) or an attached auth token; the QR
  // code of a token's URL. /me and the longer paths before /:token.
  route({ path: "/provisioning", guard: anyone, load: () => import("./provisioning.ts") }),
  route({ path: "/provisioning/me", guard: sip, load: () => import("./provisioning/me.ts") }),
  route({ path: "/provisioning/qrcode/:token", guard: anyone, load: () => import("./provisioning/qrcode/[token].ts") }),
  route({ path: "/provisioning/auth_token/:token", guard: anyone, load: () => import("./provisioning/auth_token/[token].ts") }),
  route({ path: "/provisioning/:token", guard: anyone, load: () => import("./provisioning/[token].ts") }),
  // Contact Sync (DESIGN §5.5, Acrobits-style): a sign-in earns a Bearer token for (username, cloud_id); the token
  // sees only its own devices and their contacts. The web contacts viewer signs in the same way from its page.
  route({ path: "/sso/token", guard: anyone, load: () => import("./sso/token.ts") }),
  route({ path: "/sync/devices", guard: bearer, load: () => import("./sync/devices.ts") }),
  route({ path: "/sync/devices/:deviceId", guard: bearer, load: () => import("./sync/devices/[deviceId].ts") }),
  route({ path: "/sync/devices/:deviceId/checksums", guard: bearer, load: () => import("./sync/devices/[deviceId]/checksums.ts") }),
  route({ path: "/sync/devices/:deviceId/contacts", guard: bearer, load: () => import("./sync/devices/[deviceId]/contacts.ts") }),
  route({ path: "/contacts", guard: anyone, load: () => import("./contacts.ts") }),

  // Acrobits deployments and the directory (README "Acrobits web services", "Directory integration"): this server
  // as the External Authentication web service an Acrobits SSO server asks (the body or query carries the
  // credentials) and as the apps' Web Service Contacts source; a synced device's address book shared as a
  // phone-book source by the identity that owns it.
  route({ path: "/acrobits/ext-auth", guard: anyone, load: () => import("./acrobits/ext-auth.ts") }),
  route({ path: "/acrobits/contacts", guard: sipUser, load: () => import("./acrobits/contacts.ts") }),
  route({ path: "/sync/devices/:deviceId/directory", guard: bearer, load: () => import("./sync/devices/[deviceId]/directory.ts") }),

  // CardDAV (README "CardDAV", DESIGN §5.3): every phone-book key a read-only address book for FRITZ!Box, Thunderbird,
  // DAVx⁵ and Contacts. HTTP Basic with the key as password (that book), or a serviceconfig user (every book).
  route({ path: "/.well-known/carddav", guard: anyone, load: () => import("./.well-known/carddav.ts") }),
  route({ path: "/carddav/", guard: addressBooks, load: () => import("./carddav/index.ts") }),
  route({ path: "/carddav/:key/", guard: addressBooks, load: () => import("./carddav/[key]/index.ts") }),
  route({ path: "/carddav/:key/:uid.vcf", guard: addressBooks, load: () => import("./carddav/[key]/[uid.vcf].ts") }),

  // Static files from public/ (keep last)
  route({ path: "/*path", guard: anyone, load: () => import("./[...path].ts") }),
];
