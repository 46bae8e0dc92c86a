// POST /api/messages (admin) {to: "user@domain", body} — a SIP MESSAGE sent through the linphone-daemon of
// messages.linphone_daemon_socket: 200 {id}, 422 with the daemon's reason; 503 when no daemon is configured or
// reachable, 502 when it does not answer in time.
import type { App } from "../../core/app.ts";
import type { SipCaller } from "../../core/accounts/authenticate.ts";
import { sendSipMessage } from "../../core/messages/sip-message.ts";
import { json, readJsonObject } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";

export const renderError = apiError;

export const POST: Handler<App, SipCaller> = async (req, ctx) =>
  json(await sendSipMessage(ctx.app.linphoneDaemon, ctx.app.store.config.switchboard.messages, await readJsonObject(req)));
