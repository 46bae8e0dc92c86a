// POST /api/admin/fleet/jobs {"action": "resync"|"reboot", "transport": "http"|"sip", "mac"|"group"|"all": …} —
// starts a resync or reboot job in the background (202 with the job; 409 while another runs). Its progress is
// GET /api/admin/fleet/jobs/<id>. GET /api/admin/fleet/jobs — what the fleet page offers: the groups of phones.yml,
// whether SIP NOTIFY is set up, and the newest jobs.
import type { App } from "../../../../core/app.ts";
import type { SignedIn } from "../../../../core/auth/roles.ts";
import { fleetGroups, parseSelection } from "../../../../core/fleet/targets.ts";
import { Invalid } from "../../../../lib/errors.ts";
import { json, readJsonObject } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const POST: Handler<App, SignedIn> = async (req, ctx) => {
  const body = await readJsonObject(req);
  const { action, transport = "http" } = body;
  if (action !== "resync" && action !== "reboot") throw Invalid.field("action", "The action is resync or reboot.");
  if (transport !== "http" && transport !== "sip") throw Invalid.field("transport", "The transport is http (direct action URL) or sip (SIP NOTIFY).");
  const job = ctx.app.fleetJobs.start({ action, transport, selection: parseSelection(body), by: ctx.identity.username });
  return json(job, 202);
};

export const GET: Handler<App> = (_req, ctx) => {
  const sip_available = ctx.app.store.config.switchboard.resync.ami !== null;
  return json({ ...fleetGroups(ctx.app), sip_available, jobs: ctx.app.fleetJobs.list() }, 200, { "Cache-Control": "no-store" });
};
