// POST|PUT /report and /report/<mac> — a phone reports its configuration (Report_Rule, DESIGN §5.1).
import type { App } from "../../core/app.ts";
import { USER_AGENT_LIMIT } from "../../core/mpp/identify.ts";
import { requireMac } from "../../core/mpp/mac.ts";
import { REPORT_SIZE_LIMIT } from "../../core/mpp/report-parse.ts";
import { receiveReport } from "../../core/mpp/report-receive.ts";
import { headerText, json, readBody } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";
import type { PhoneCaller } from "../guards.ts";

export const renderError = jsonError;

export const POST: Handler<App, PhoneCaller> = async (req, ctx) => {
  const urlMac = ctx.params.mac === undefined ? undefined : requireMac(ctx.params.mac);
  const body = await readBody(req, REPORT_SIZE_LIMIT);
  const stored = await receiveReport(ctx.app, {
    body,
    contentType: headerText(req, "content-type", 200),
    userAgent: headerText(req, "user-agent", USER_AGENT_LIMIT),
    urlMac,
    clientIp: ctx.clientIp,
    provenMac: ctx.identity.provenMac,
  });
  return json({ status: "success", message: "Report received", id: stored.id, mac: stored.mac });
};

export const PUT = POST;
