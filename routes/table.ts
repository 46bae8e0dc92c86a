// THE route table: every URL the server answers, legacy aliases included. First match wins, so the
// static-file catch-all stays last.
import type { App } from "../core/app.ts";
import type { Route } from "../lib/router.ts";
import * as health from "./mpp/health.ts";
import * as mppProfile from "./mpp/profile.ts";
import * as staticFiles from "./static.ts";

export const routes: Route<App>[] = [
  // Service health (no auth)
  { path: "/health", module: health },

  // Cisco MPP provisioning: phones fetch /<MAC|serial|id>.xml (Profile_Rule)
  { path: "/:id.xml", module: mppProfile },

  // Static files from public/ (keep last)
  { path: "/*path", module: staticFiles },
];
