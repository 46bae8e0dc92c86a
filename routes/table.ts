// THE route table: every URL the server answers, who may call it (its guard, enforced by the dispatcher before
// the handler runs) and its module. First match wins, so the static-file catch-all stays last.
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
import * as staticFiles from "./[...path].ts";
import * as wellKnownCarddav from "./.well-known/carddav.ts";
import * as accounts from "./accounts.ts";
import * as accountsId from "./accounts/[id].ts";
import * as account from "./account.ts";
import * as accountSignUp from "./account/sign-up.ts";
import * as acrobitsContacts from "./acrobits/contacts.ts";
import * as acrobitsExtAuth from "./acrobits/ext-auth.ts";
import * as activateSip from "./activate/[sip].ts";
import * as apiAccountCreationRequestTokens from "./api/account_creation_request_tokens.ts";
import * as apiAccountCreationTokens from "./api/account_creation_tokens.ts";
import * as apiAccountCreationTokensConsume from "./api/account_creation_tokens/consume.ts";
import * as apiAccountCreationTokensSendByPush from "./api/account_creation_tokens/send-by-push.ts";
import * as apiAccountCreationTokensUsingRequestToken from "./api/account_creation_tokens/using-account-creation-request-token.ts";
import * as api from "./api.ts";
import * as apiAccounts from "./api/accounts.ts";
import * as apiAccountsAuthToken from "./api/accounts/auth_token.ts";
import * as apiAccountsAuthTokenAttach from "./api/accounts/auth_token/[auth_token]/attach.ts";
import * as apiAccountsEmailSearchByEmail from "./api/accounts/[email]/search-by-email.ts";
import * as apiAccountsId from "./api/accounts/[id].ts";
import * as apiAccountsIdActions from "./api/accounts/[id]/actions.ts";
import * as apiAccountsIdActionsActionId from "./api/accounts/[id]/actions/[action_id].ts";
import * as apiAccountsIdActivate from "./api/accounts/[id]/activate.ts";
import * as apiAccountsIdBlock from "./api/accounts/[id]/block.ts";
import * as apiAccountsIdContacts from "./api/accounts/[id]/contacts.ts";
import * as apiAccountsIdContactsContactId from "./api/accounts/[id]/contacts/[contact_id].ts";
import * as apiAccountsIdContactsListsContactsListId from "./api/accounts/[id]/contacts_lists/[contacts_list_id].ts";
import * as apiAccountsIdDeactivate from "./api/accounts/[id]/deactivate.ts";
import * as apiAccountsIdDictionary from "./api/accounts/[id]/dictionary.ts";
import * as apiAccountsIdDictionaryKey from "./api/accounts/[id]/dictionary/[key].ts";
import * as apiAccountsIdProvision from "./api/accounts/[id]/provision.ts";
import * as apiAccountsIdRecoverByEmail from "./api/accounts/[id]/recover-by-email.ts";
import * as apiAccountsIdTypesTypeId from "./api/accounts/[id]/types/[type_id].ts";
import * as apiAccountsIdUnblock from "./api/accounts/[id]/unblock.ts";
import * as apiAccountsMe from "./api/accounts/me.ts";
import * as apiAccountsMeApiKey from "./api/accounts/me/api_key.ts";
import * as apiAccountsMeApiKeyAuthToken from "./api/accounts/me/api_key/[auth_token].ts";
import * as apiAccountsMeContacts from "./api/accounts/me/contacts.ts";
import * as apiAccountsMeContactsSip from "./api/accounts/me/contacts/[sip].ts";
import * as apiAccountsMeDevices from "./api/accounts/me/devices.ts";
import * as apiAccountsMeDirectories from "./api/accounts/me/directories.ts";
import * as apiAccountsMeEmail from "./api/accounts/me/email.ts";
import * as apiAccountsMeEmailRequest from "./api/accounts/me/email/request.ts";
import * as apiAccountsMePassword from "./api/accounts/me/password.ts";
import * as apiAccountsMePhone from "./api/accounts/me/phone.ts";
import * as apiAccountsMePhoneRequest from "./api/accounts/me/phone/request.ts";
import * as apiAccountsMePhones from "./api/accounts/me/phones.ts";
import * as apiAccountsMePhonesIdResync from "./api/accounts/me/phones/[id]/resync.ts";
import * as apiAccountsMeProvision from "./api/accounts/me/provision.ts";
import * as apiAccountsSipActivateEmail from "./api/accounts/[sip]/activate/email.ts";
import * as apiAccountsSipActivatePhone from "./api/accounts/[sip]/activate/phone.ts";
import * as apiAccountsSipInfo from "./api/accounts/[sip]/info.ts";
import * as apiAccountsSipSearch from "./api/accounts/[sip]/search.ts";
import * as apiAccountsWithAccountCreationToken from "./api/accounts/with-account-creation-token.ts";
import * as apiAccountTypes from "./api/account_types.ts";
import * as apiAccountTypesId from "./api/account_types/[id].ts";
import * as apiAdminAccounts from "./api/admin/accounts.ts";
import * as apiAdminAccountsId from "./api/admin/accounts/[id].ts";
import * as apiAdminAccountsIdActions from "./api/admin/accounts/[id]/actions.ts";
import * as apiAdminAccountsIdActionsActionId from "./api/admin/accounts/[id]/actions/[action_id].ts";
import * as apiAdminAccountsIdApiKey from "./api/admin/accounts/[id]/api-key.ts";
import * as apiAdminAccountsIdTypesTypeId from "./api/admin/accounts/[id]/types/[type_id].ts";
import * as apiAdminAccountTypes from "./api/admin/account-types.ts";
import * as apiAdminAccountTypesId from "./api/admin/account-types/[id].ts";
import * as apiAdminAuditLog from "./api/admin/audit-log.ts";
import * as auditLog from "./audit-log.ts";
import * as apiAdminCompareMac from "./api/admin/compare/[mac].ts";
import * as apiAdminParametersMac from "./api/admin/parameters/[mac].ts";
import * as apiAdminContactSources from "./api/admin/contact-sources.ts";
import * as apiAdminContactSourcesKey from "./api/admin/contact-sources/[key].ts";
import * as apiAdminContactSourcesKeyConnect from "./api/admin/contact-sources/[key]/connect.ts";
import * as apiAdminContactSourcesKeySync from "./api/admin/contact-sources/[key]/sync.ts";
import * as apiAdminDashboard from "./api/admin/dashboard.ts";
import * as apiAdminFleetJobs from "./api/admin/fleet/jobs.ts";
import * as apiAdminFleetJobsId from "./api/admin/fleet/jobs/[id].ts";
import * as apiAdminPhoneBooks from "./api/admin/phone-books.ts";
import * as apiAdminPhoneBooksKey from "./api/admin/phone-books/[key].ts";
import * as apiAdminPhonesMacDiff from "./api/admin/phones/[mac]/diff.ts";
import * as apiAdminPhonesMacHistory from "./api/admin/phones/[mac]/history.ts";
import * as apiAdminPhonesMacPin from "./api/admin/phones/[mac]/pin.ts";
import * as apiAdminReports from "./api/admin/reports.ts";
import * as apiAdminReportsId from "./api/admin/reports/[id].ts";
import * as apiAdminReportsPrune from "./api/admin/reports/prune.ts";
import * as apiAdminUnknownPhones from "./api/admin/unknown-phones.ts";
import * as apiContactsLists from "./api/contacts_lists.ts";
import * as apiContactsListsId from "./api/contacts_lists/[id].ts";
import * as apiContactsListsIdContactsContactsId from "./api/contacts_lists/[id]/contacts/[contacts_id].ts";
import * as apiDialerAccess from "./api/dialer/access.ts";
import * as apiDialerDial from "./api/dialer/dial.ts";
import * as apiDialerPhones from "./api/dialer/phones.ts";
import * as apiDialerSuggest from "./api/dialer/suggest.ts";
import * as apiMessages from "./api/messages.ts";
import * as apiPing from "./api/ping.ts";
import * as apiSession from "./api/session.ts";
import * as apiSessionCode from "./api/session/code.ts";
import * as call from "./call.ts";
import * as carddav from "./carddav/index.ts";
import * as carddavKey from "./carddav/[key]/index.ts";
import * as carddavKeyUid from "./carddav/[key]/[uid.vcf].ts";
import * as ciscoAuthenticate from "./cisco/authenticate.ts";
import * as ciscoDirectory from "./cisco/directory.ts";
import * as compareMac from "./compare/[mac].ts";
import * as contacts from "./contacts.ts";
import * as contactSources from "./contact-sources.ts";
import * as creationTokenCheckToken from "./creation_token/check/[token].ts";
import * as creationTokenValidate from "./creation_token/validate.ts";
import * as contactsVcard from "./contacts/vcard.ts";
import * as contactsVcardSip from "./contacts/vcard/[sip].ts";
import * as fleet from "./fleet.ts";
import * as exportUnexpectedMac from "./export-unexpected/[mac].ts";
import * as health from "./health.ts";
import * as indexKey from "./index.key.ts";
import * as index from "./index.ts";
import * as metrics from "./metrics.ts";
import * as mppProfile from "./mpp/profile.ts";
import * as mppReport from "./mpp/report.ts";
import * as oauthGrantCallback from "./oauth-grant.callback.ts";
import * as oauthGrant from "./oauth-grant.ts";
import * as phoneHistoryMac from "./phone-history/[mac].ts";
import * as provisioning from "./provisioning.ts";
import * as provisioningAuthTokenToken from "./provisioning/auth_token/[token].ts";
import * as provisioningMe from "./provisioning/me.ts";
import * as provisioningQrcodeToken from "./provisioning/qrcode/[token].ts";
import * as provisioningToken from "./provisioning/[token].ts";
import * as reportDetailId from "./report-detail/[id].ts";
import * as reports from "./reports.ts";
import * as ssoToken from "./sso/token.ts";
import * as status from "./status.ts";
import * as syncDevices from "./sync/devices.ts";
import * as syncDevicesDeviceId from "./sync/devices/[deviceId].ts";
import * as syncDevicesDeviceIdChecksums from "./sync/devices/[deviceId]/checksums.ts";
import * as syncDevicesDeviceIdContacts from "./sync/devices/[deviceId]/contacts.ts";
import * as syncDevicesDeviceIdDirectory from "./sync/devices/[deviceId]/directory.ts";
import * as vcard from "./vcard.ts";

const admin = role("admin");
const monitoring = role("admin", "monitor");
const user = role("user");
// Anyone signed in: / sends a monitor or a user on to the page their role may open.
const signedIn = role("monitor", "user");
const OAUTH_ANSWER = ["state", "code", "error"];

export const routes: Route<App>[] = [
  // Service health, for load balancers
  route({ path: "/health", guard: anyone, module: health }),

  // Cisco MPP provisioning: phones fetch /<MAC|serial|id>.xml (Profile_Rule) and post reports (Report_Rule)
  route({ path: "/:id.xml", guard: phone, module: mppProfile }),
  route({ path: "/report", guard: phone, module: mppReport }),
  route({ path: "/report/:mac", guard: phone, module: mppReport }),

  // Monitoring
  route({ path: "/status", guard: monitoring, module: status }),
  route({ path: "/metrics", guard: monitoring, module: metrics }),

  // Overview: with ?key= one phone book's URLs (index.php did both); without it the admin dashboard (others are
  // sent on to their own page)
  route({ path: "/", query: ["key"], guard: key, module: indexKey }),
  route({ path: "/", guard: signedIn, module: index }),
  route({ path: "/index.php", query: ["key"], guard: key, module: indexKey }),
  route({ path: "/index.php", guard: signedIn, module: index }),

  // Admin pages (static shells from public/admin/) and the JSON behind them
  route({ path: "/reports", guard: admin, module: reports }),
  route({ path: "/report-detail/:id", guard: admin, module: reportDetailId }),
  route({ path: "/compare/:mac", guard: admin, module: compareMac }),
  route({ path: "/export-unexpected/:mac", guard: admin, module: exportUnexpectedMac }),
  route({ path: "/api/admin/dashboard", guard: admin, module: apiAdminDashboard }),
  route({ path: "/api/admin/unknown-phones", guard: monitoring, module: apiAdminUnknownPhones }),
  route({ path: "/api/admin/reports", guard: admin, module: apiAdminReports }),
  route({ path: "/api/admin/reports/prune", guard: admin, module: apiAdminReportsPrune }),
  route({ path: "/api/admin/reports/:id", guard: admin, module: apiAdminReportsId }),
  route({ path: "/api/admin/compare/:mac", guard: admin, module: apiAdminCompareMac }),
  route({ path: "/api/admin/parameters/:mac", guard: admin, module: apiAdminParametersMac }),

  // Fleet operations (README "Profile history and pinning", "Remote resync and reboot"): each phone's profile
  // versions, a diff between two, pinning to one; the audit log of admin actions; resync/reboot jobs.
  route({ path: "/fleet", guard: admin, module: fleet }),
  route({ path: "/phone-history/:mac", guard: admin, module: phoneHistoryMac }),
  route({ path: "/audit-log", guard: admin, module: auditLog }),
  route({ path: "/api/admin/phones/:mac/history", guard: admin, module: apiAdminPhonesMacHistory }),
  route({ path: "/api/admin/phones/:mac/diff", guard: admin, module: apiAdminPhonesMacDiff }),
  route({ path: "/api/admin/phones/:mac/pin", guard: admin, module: apiAdminPhonesMacPin }),
  route({ path: "/api/admin/audit-log", guard: admin, module: apiAdminAuditLog }),
  route({ path: "/api/admin/fleet/jobs", guard: admin, module: apiAdminFleetJobs }),
  route({ path: "/api/admin/fleet/jobs/:id", guard: admin, module: apiAdminFleetJobsId }),

  // Contact sources. The OAuth connect: an admin starts a new one from our pages (GET, never with a key) or
  // reconnects a source (POST …/:key/connect); the provider's answer comes back to /oauth-grant as GET ?state=…
  // or as a form POST, bound to the browser that started it (not to a sign-in).
  route({ path: "/contact-sources", guard: admin, module: contactSources }),
  route({ path: "/oauth-grant", query: OAUTH_ANSWER, guard: anyone, module: oauthGrantCallback }),
  route({ path: "/oauth-grant", guard: admin, module: oauthGrant }),
  route({ path: "/oauth-grant", guard: anyone, module: oauthGrantCallback }),
  route({ path: "/oauth-grant.php", query: OAUTH_ANSWER, guard: anyone, module: oauthGrantCallback }),
  route({ path: "/oauth-grant.php", guard: admin, module: oauthGrant }),
  route({ path: "/oauth-grant.php", guard: anyone, module: oauthGrantCallback }),
  route({ path: "/api/admin/contact-sources", guard: admin, module: apiAdminContactSources }),
  route({ path: "/api/admin/contact-sources/:key", guard: admin, module: apiAdminContactSourcesKey }),
  route({ path: "/api/admin/contact-sources/:key/sync", guard: admin, module: apiAdminContactSourcesKeySync }),
  route({ path: "/api/admin/contact-sources/:key/connect", guard: admin, module: apiAdminContactSourcesKeyConnect }),
  route({ path: "/api/admin/phone-books", guard: admin, module: apiAdminPhoneBooks }),
  route({ path: "/api/admin/phone-books/:key", guard: admin, module: apiAdminPhoneBooksKey }),

  // Cisco phone services: directoryURL and authenticationURL (the old PHP URLs stay as aliases)
  route({ path: "/cisco/directory", guard: key, module: ciscoDirectory }),
  route({ path: "/cisco/directory.php", guard: key, module: ciscoDirectory }),
  route({ path: "/cisco/authenticate", guard: anyone, module: ciscoAuthenticate }),
  route({ path: "/cisco/authenticate.php", guard: anyone, module: ciscoAuthenticate }),

  // Browser dialer and vCard export
  route({ path: "/call", guard: user, module: call }),
  route({ path: "/call.php", guard: user, module: call }),
  route({ path: "/api/dialer/phones", guard: user, module: apiDialerPhones }),
  route({ path: "/api/dialer/suggest", guard: user, module: apiDialerSuggest }),
  route({ path: "/api/dialer/dial", guard: user, module: apiDialerDial }),
  route({ path: "/api/dialer/access", guard: anyone, module: apiDialerAccess }),
  route({ path: "/vcard", guard: key, module: vcard }),
  route({ path: "/vcard.php", guard: key, module: vcard }),

  // SIP accounts: FlexiAPI's REST API (DESIGN §5.4). /me and the other names before /:id, which would take them as ids.
  route({ path: "/api", guard: anyone, module: api }),
  route({ path: "/api/ping", guard: anyone, module: apiPing }),
  route({ path: "/api/accounts/me", guard: sip, module: apiAccountsMe }),
  route({ path: "/api/accounts/me/api_key", guard: sip, module: apiAccountsMeApiKey }),
  route({ path: "/api/accounts/me/password", guard: sip, module: apiAccountsMePassword }),
  route({ path: "/api/accounts/me/provision", guard: sip, module: apiAccountsMeProvision }),
  route({ path: "/api/accounts/auth_token", guard: anyone, module: apiAccountsAuthToken }),
  route({ path: "/api/accounts/with-account-creation-token", guard: anyone, module: apiAccountsWithAccountCreationToken }),
  route({ path: "/api/accounts/:sip/info", guard: anyone, module: apiAccountsSipInfo }),
  route({ path: "/api/accounts", guard: sipAdmin, module: apiAccounts }),
  route({ path: "/api/accounts/:id", guard: sipAdmin, module: apiAccountsId }),
  route({ path: "/api/accounts/:id/activate", guard: sipAdmin, module: apiAccountsIdActivate }),
  route({ path: "/api/accounts/:id/deactivate", guard: sipAdmin, module: apiAccountsIdDeactivate }),
  route({ path: "/api/accounts/:id/block", guard: sipAdmin, module: apiAccountsIdBlock }),
  route({ path: "/api/accounts/:id/unblock", guard: sipAdmin, module: apiAccountsIdUnblock }),
  route({ path: "/api/accounts/:id/provision", guard: sipAdmin, module: apiAccountsIdProvision }),
  route({ path: "/api/accounts/:sip/search", guard: sipAdmin, module: apiAccountsSipSearch }),
  route({ path: "/api/accounts/:email/search-by-email", guard: sipAdmin, module: apiAccountsEmailSearchByEmail }),

  // SIP accounts: API keys from auth tokens, account creation tokens and request tokens, activation
  // (an app shows an auth token, a signed-in account attaches it, the app trades it once for an API key; a person
  // confirms a creation request on /creation_token/check/:token, whose button posts to /creation_token/validate)
  route({ path: "/api/accounts/me/api_key/:auth_token", guard: anyone, module: apiAccountsMeApiKeyAuthToken }),
  route({ path: "/api/accounts/auth_token/:auth_token/attach", guard: sip, module: apiAccountsAuthTokenAttach }),
  route({ path: "/api/account_creation_request_tokens", guard: anyone, module: apiAccountCreationRequestTokens }),
  route({ path: "/creation_token/check/:token", guard: anyone, module: creationTokenCheckToken }),
  route({ path: "/creation_token/validate", guard: ownPagesOnly, module: creationTokenValidate }),
  route({ path: "/api/account_creation_tokens/using-account-creation-request-token", guard: anyone, module: apiAccountCreationTokensUsingRequestToken }),
  route({ path: "/api/account_creation_tokens/consume", guard: sip, module: apiAccountCreationTokensConsume }),
  route({ path: "/api/account_creation_tokens", guard: sipAdmin, module: apiAccountCreationTokens }),
  route({ path: "/api/accounts/:sip/activate/email", guard: anyone, module: apiAccountsSipActivateEmail }),
  route({ path: "/api/accounts/:sip/activate/phone", guard: anyone, module: apiAccountsSipActivatePhone }),

  // SIP accounts: confirmation by email and phone. A 4-digit code goes to a new email address or phone number and,
  // sent back, makes it the account's; an admin mails an account a recovery; a confirmation mail links to the
  // activation page, whose button posts to /api/accounts/:sip/activate/email.
  route({ path: "/api/accounts/me/email/request", guard: sip, module: apiAccountsMeEmailRequest }),
  route({ path: "/api/accounts/me/email", guard: sip, module: apiAccountsMeEmail }),
  route({ path: "/api/accounts/me/phone/request", guard: sip, module: apiAccountsMePhoneRequest }),
  route({ path: "/api/accounts/me/phone", guard: sip, module: apiAccountsMePhone }),
  route({ path: "/api/accounts/:id/recover-by-email", guard: sipAdmin, module: apiAccountsIdRecoverByEmail }),
  route({ path: "/activate/:sip", guard: anyone, module: activateSip }),

  // SIP accounts: types, actions, contacts and contacts lists, dictionary, vCards of the contacts. The account's
  // own contacts first: /api/accounts/:id/contacts would take "me" as an id.
  route({ path: "/api/accounts/me/contacts", guard: sip, module: apiAccountsMeContacts }),
  route({ path: "/api/accounts/me/contacts/:sip", guard: sip, module: apiAccountsMeContactsSip }),
  route({ path: "/contacts/vcard", guard: sip, module: contactsVcard }),
  route({ path: "/contacts/vcard/:sip", guard: sip, module: contactsVcardSip }),
  route({ path: "/api/account_types", guard: sipAdmin, module: apiAccountTypes }),
  route({ path: "/api/account_types/:id", guard: sipAdmin, module: apiAccountTypesId }),
  route({ path: "/api/accounts/:id/types/:type_id", guard: sipAdmin, module: apiAccountsIdTypesTypeId }),
  route({ path: "/api/accounts/:id/actions", guard: sipAdmin, module: apiAccountsIdActions }),
  route({ path: "/api/accounts/:id/actions/:action_id", guard: sipAdmin, module: apiAccountsIdActionsActionId }),
  route({ path: "/api/accounts/:id/contacts", guard: sipAdmin, module: apiAccountsIdContacts }),
  route({ path: "/api/accounts/:id/contacts/:contact_id", guard: sipAdmin, module: apiAccountsIdContactsContactId }),
  route({ path: "/api/contacts_lists", guard: sipAdmin, module: apiContactsLists }),
  route({ path: "/api/contacts_lists/:id", guard: sipAdmin, module: apiContactsListsId }),
  route({ path: "/api/contacts_lists/:id/contacts/:contacts_id", guard: sipAdmin, module: apiContactsListsIdContactsContactsId }),
  route({ path: "/api/accounts/:id/contacts_lists/:contacts_list_id", guard: sipAdmin, module: apiAccountsIdContactsListsContactsListId }),
  route({ path: "/api/accounts/:id/dictionary", guard: sipAdmin, module: apiAccountsIdDictionary }),
  route({ path: "/api/accounts/:id/dictionary/:key", guard: sipAdmin, module: apiAccountsIdDictionaryKey }),

  // SIP accounts: creation tokens pushed to the app's device (flexisip_pusher), and SIP messages sent by admins
  // through a linphone-daemon
  route({ path: "/api/account_creation_tokens/send-by-push", guard: anyone, module: apiAccountCreationTokensSendByPush }),
  route({ path: "/api/messages", guard: sipAdmin, module: apiMessages }),

  // Admin pages: SIP accounts. Signed in as a serviceconfig.yml admin (not a SIP account), the same accounts as
  // FlexiAPI's admin API manages, through the same core functions; changes only from our own pages (JSON + Origin).
  route({ path: "/accounts", guard: admin, module: accounts }),
  route({ path: "/accounts/:id", guard: admin, module: accountsId }),
  route({ path: "/api/admin/accounts", guard: admin, module: apiAdminAccounts }),
  route({ path: "/api/admin/accounts/:id", guard: admin, module: apiAdminAccountsId }),
  route({ path: "/api/admin/accounts/:id/api-key", guard: admin, module: apiAdminAccountsIdApiKey }),
  route({ path: "/api/admin/accounts/:id/types/:type_id", guard: admin, module: apiAdminAccountsIdTypesTypeId }),
  route({ path: "/api/admin/accounts/:id/actions", guard: admin, module: apiAdminAccountsIdActions }),
  route({ path: "/api/admin/accounts/:id/actions/:action_id", guard: admin, module: apiAdminAccountsIdActionsActionId }),
  route({ path: "/api/admin/account-types", guard: admin, module: apiAdminAccountTypes }),
  route({ path: "/api/admin/account-types/:id", guard: admin, module: apiAdminAccountTypesId }),

  // Account self-service (README "Account self-service"): the pages of the people who own SIP accounts, over the
  // /api/accounts/me… JSON. A sign-in on /api/session earns a session cookie, which `sip` takes like an API key
  // (own pages only for changes); sign-up only when accounts.public_registration is on.
  route({ path: "/account", guard: anyone, module: account }),
  route({ path: "/account/sign-up", guard: anyone, module: accountSignUp }),
  route({ path: "/api/session", guard: ownPagesOnly, module: apiSession }),
  route({ path: "/api/session/code", guard: ownPagesOnly, module: apiSessionCode }),
  route({ path: "/api/accounts/me/devices", guard: sip, module: apiAccountsMeDevices }),
  route({ path: "/api/accounts/me/directories", guard: sip, module: apiAccountsMeDirectories }),
  route({ path: "/api/accounts/me/phones", guard: sip, module: apiAccountsMePhones }),
  route({ path: "/api/accounts/me/phones/:id/resync", guard: sip, module: apiAccountsMePhonesIdResync }),

  // Linphone provisioning (README "Linphone provisioning"): the XML a Linphone app loads as its config, for nobody,
  // the signed-in account, a one-shot provisioning token (activates the account) or an attached auth token; the QR
  // code of a token's URL. /me and the longer paths before /:token.
  route({ path: "/provisioning", guard: anyone, module: provisioning }),
  route({ path: "/provisioning/me", guard: sip, module: provisioningMe }),
  route({ path: "/provisioning/qrcode/:token", guard: anyone, module: provisioningQrcodeToken }),
  route({ path: "/provisioning/auth_token/:token", guard: anyone, module: provisioningAuthTokenToken }),
  route({ path: "/provisioning/:token", guard: anyone, module: provisioningToken }),
  // Contact Sync (DESIGN §5.5, Acrobits-style): a sign-in earns a Bearer token for (username, cloud_id); the token
  // sees only its own devices and their contacts. The web contacts viewer signs in the same way from its page.
  route({ path: "/sso/token", guard: anyone, module: ssoToken }),
  route({ path: "/sync/devices", guard: bearer, module: syncDevices }),
  route({ path: "/sync/devices/:deviceId", guard: bearer, module: syncDevicesDeviceId }),
  route({ path: "/sync/devices/:deviceId/checksums", guard: bearer, module: syncDevicesDeviceIdChecksums }),
  route({ path: "/sync/devices/:deviceId/contacts", guard: bearer, module: syncDevicesDeviceIdContacts }),
  route({ path: "/contacts", guard: anyone, module: contacts }),

  // Acrobits deployments and the directory (README "Acrobits web services", "Directory integration"): this server
  // as the External Authentication web service an Acrobits SSO server asks (the body or query carries the
  // credentials) and as the apps' Web Service Contacts source; a synced device's address book shared as a
  // phone-book source by the identity that owns it.
  route({ path: "/acrobits/ext-auth", guard: anyone, module: acrobitsExtAuth }),
  route({ path: "/acrobits/contacts", guard: sipUser, module: acrobitsContacts }),
  route({ path: "/sync/devices/:deviceId/directory", guard: bearer, module: syncDevicesDeviceIdDirectory }),

  // CardDAV (README "CardDAV", DESIGN §5.3): every phone-book key a read-only address book for FRITZ!Box, Thunderbird,
  // DAVx⁵ and Contacts. HTTP Basic with the key as password (that book), or a serviceconfig user (every book).
  route({ path: "/.well-known/carddav", guard: anyone, module: wellKnownCarddav }),
  route({ path: "/carddav/", guard: addressBooks, module: carddav }),
  route({ path: "/carddav/:key/", guard: addressBooks, module: carddavKey }),
  route({ path: "/carddav/:key/:uid.vcf", guard: addressBooks, module: carddavKeyUid }),

  // Static files from public/ (keep last)
  route({ path: "/*path", guard: anyone, module: staticFiles }),
];
