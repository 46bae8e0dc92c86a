// GET /<MAC|serial|id>.xml — a Cisco MPP phone fetches its configuration (DESIGN §5.1). What it gets is decided
// in core/mpp/provision.ts; this turns the answer into XML.
import type { App } from "../../core/app.ts";
import { USER_AGENT_LIMIT } from "../../core/mpp/identify.ts";
import { answerProfileRequest } from "../../core/mpp/provision.ts";
import { headerText, xml } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { phoneError } from "../errors.ts";
import type { PhoneCaller } from "../guards.ts";

export const renderError = phoneError;

export const GET: Handler<App, PhoneCaller> = (req, ctx) => {
  const answer = answerProfileRequest(ctx.app, { id: ctx.params.id, userAgent: headerText(req, "user-agent", USER_AGENT_LIMIT), clientIp: ctx.clientIp, provenMac: ctx.identity.provenMac });
  return xml(answer.body);
};
