// THE route table: every URL the server answers, legacy aliases included. First match wins, so the
// static-file catch-all stays last.
import type { App } from "../core/app.ts";
import type { Route } from "../lib/router.ts";
import * as adminCompare from "./admin/api/compare.ts";
import * as adminDashboard from "./admin/api/dashboard.ts";
import * as adminPrune from "./admin/api/prune.ts";
import * as adminReport from "./admin/api/report.ts";
import * as adminReports from "./admin/api/reports.ts";
import * as contactSource from "./admin/contact-source.ts";
import * as contactSourceSync from "./admin/contact-source-sync.ts";
import * as contactSources from "./admin/contact-sources.ts";
import * as adminPages from "./admin/pages.ts";
import * as phoneBook from "./admin/phone-book.ts";
import * as phoneBooks from "./admin/phone-books.ts";
import * as dialerDial from "./api/dialer/dial.ts";
import * as dialerPhones from "./api/dialer/phones.ts";
import * as dialerSuggest from "./api/dialer/suggest.ts";
import * as call from "./call.ts";
import * as ciscoAuthenticate from "./cisco/authenticate.ts";
import * as ciscoDirectory from "./cisco/directory.ts";
import * as index from "./index.ts";
import * as exportUnexpected from "./mpp/export-unexpected.ts";
import * as health from "./mpp/health.ts";
import * as metrics from "./mpp/metrics.ts";
import * as mppProfile from "./mpp/profile.ts";
import * as mppReport from "./mpp/report.ts";
import * as status from "./mpp/status.ts";
import * as oauthGrant from "./oauth-grant.ts";
import * as staticFiles from "./static.ts";
import * as vcard from "./vcard.ts";

export const routes: Route<App>[] = [
  // Service health (no auth)
  { path: "/health", module: health },

  // Cisco MPP provisioning: phones fetch /<MAC|serial|id>.xml (Profile_Rule) and post reports (Report_Rule)
  { path: "/:id.xml", module: mppProfile },
  { path: "/report", module: mppReport },
  { path: "/report/:mac", module: mppReport },

  // Monitoring (admin|monitor)
  { path: "/status", module: status },
  { path: "/metrics", module: metrics },

  // Overview: without ?key= the admin dashboard, with ?key= the phone-book overview (index.php)
  { path: "/", module: index },
  { path: "/index.php", module: index },

  // Admin pages (HTML shells from public/admin/) and the JSON behind them
  { path: "/reports", module: adminPages.reports },
  { path: "/report-detail/:id", module: adminPages.reportDetail },
  { path: "/compare/:mac", module: adminPages.compare },
  { path: "/export-unexpected/:mac", module: exportUnexpected },
  { path: "/api/admin/dashboard", module: adminDashboard },
  { path: "/api/admin/reports", module: adminReports },
  { path: "/api/admin/reports/prune", module: adminPrune },
  { path: "/api/admin/reports/:id", module: adminReport },
  { path: "/api/admin/compare/:mac", module: adminCompare },

  // Contact sources: OAuth connect (the PHP URL stays as an alias) and the admin page's JSON
  { path: "/contact-sources", module: adminPages.contactSources },
  { path: "/oauth-grant", module: oauthGrant },
  { path: "/oauth-grant.php", module: oauthGrant },
  { path: "/api/admin/contact-sources", module: contactSources },
  { path: "/api/admin/contact-sources/:key", module: contactSource },
  { path: "/api/admin/contact-sources/:key/sync", module: contactSourceSync },
  { path: "/api/admin/phone-books", module: phoneBooks },
  { path: "/api/admin/phone-books/:key", module: phoneBook },

  // Cisco phone services: directoryURL and authenticationURL (the old PHP URLs stay as aliases)
  { path: "/cisco/directory", module: ciscoDirectory },
  { path: "/cisco/directory.php", module: ciscoDirectory },
  { path: "/cisco/authenticate", module: ciscoAuthenticate },
  { path: "/cisco/authenticate.php", module: ciscoAuthenticate },

  // Browser dialer and vCard export
  { path: "/call", module: call },
  { path: "/call.php", module: call },
  { path: "/api/dialer/phones", module: dialerPhones },
  { path: "/api/dialer/suggest", module: dialerSuggest },
  { path: "/api/dialer/dial", module: dialerDial },
  { path: "/vcard", module: vcard },
  { path: "/vcard.php", module: vcard },

  // Static files from public/ (keep last)
  { path: "/*path", module: staticFiles },
];
