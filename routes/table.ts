// THE route table: every URL the server answers, legacy aliases included. First match wins, so the
// static-file catch-all stays last.
import type { App } from "../core/app.ts";
import type { Route } from "../lib/router.ts";
import * as call from "./call.ts";
import * as ciscoAuthenticate from "./cisco/authenticate.ts";
import * as ciscoDirectory from "./cisco/directory.ts";
import * as dialerDial from "./api/dialer/dial.ts";
import * as dialerPhones from "./api/dialer/phones.ts";
import * as dialerSuggest from "./api/dialer/suggest.ts";
import * as index from "./index.ts";
import * as health from "./mpp/health.ts";
import * as mppProfile from "./mpp/profile.ts";
import * as staticFiles from "./static.ts";
import * as vcard from "./vcard.ts";

export const routes: Route<App>[] = [
  // Service health (no auth)
  { path: "/health", module: health },

  // Cisco MPP provisioning: phones fetch /<MAC|serial|id>.xml (Profile_Rule)
  { path: "/:id.xml", module: mppProfile },

  // Phone book overview (with ?key=; without it / is the admin dashboard)
  { path: "/", module: index },
  { path: "/index.php", module: index },

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
