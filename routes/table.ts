// THE route table: every URL the server answers, legacy aliases included. First match wins, so the
// static-file catch-all stays last.
import type { App } from "../core/app.ts";
import type { Route } from "../lib/router.ts";
import * as contactSource from "./admin/contact-source.ts";
import * as contactSourceSync from "./admin/contact-source-sync.ts";
import * as contactSources from "./admin/contact-sources.ts";
import * as phoneBook from "./admin/phone-book.ts";
import * as phoneBooks from "./admin/phone-books.ts";
import * as health from "./mpp/health.ts";
import * as mppProfile from "./mpp/profile.ts";
import * as oauthGrant from "./oauth-grant.ts";
import * as staticFiles from "./static.ts";

export const routes: Route<App>[] = [
  // Service health (no auth)
  { path: "/health", module: health },

  // Cisco MPP provisioning: phones fetch /<MAC|serial|id>.xml (Profile_Rule)
  { path: "/:id.xml", module: mppProfile },

  // Contact sources: OAuth connect (the PHP URL stays as an alias) and the admin page's JSON
  { path: "/oauth-grant", module: oauthGrant },
  { path: "/oauth-grant.php", module: oauthGrant },
  { path: "/api/admin/contact-sources", module: contactSources },
  { path: "/api/admin/contact-sources/:key", module: contactSource },
  { path: "/api/admin/contact-sources/:key/sync", module: contactSourceSync },
  { path: "/api/admin/phone-books", module: phoneBooks },
  { path: "/api/admin/phone-books/:key", module: phoneBook },

  // Static files from public/ (keep last)
  { path: "/*path", module: staticFiles },
];
