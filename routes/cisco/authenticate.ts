// /cisco/authenticate (legacy .php) — the phones' authenticationURL: body exactly AUTHORIZED or UN-AUTHORIZED,
// text/html, no newline (the phone compares the bytes). GET or a form POST: UserID, Password, devicename.
import type { IncomingMessage } from "node:http";
import type { App } from "../../core/app.ts";
import { authorizePhoneUser } from "../../core/cisco/authenticate.ts";
import { readForm, text } from "../../lib/http.ts";
import type { Handler, RequestContext } from "../../lib/router.ts";

const answer = (ok: boolean) => text(ok ? "AUTHORIZED" : "UN-AUTHORIZED", "text/html");
// Whatever went wrong, the phone understands only these two answers.
export const renderError = () => answer(false);

async function check(req: IncomingMessage, ctx: RequestContext<App>) {
  const params = new URLSearchParams(ctx.query);
  if (ctx.method === "POST") for (const [k, v] of await readForm(req)) if (!params.has(k)) params.set(k, v);
  return answer(authorizePhoneUser(ctx.app.store.config, ctx.app.phoneAuthFailures, ctx.clientIp, {
    devicename: params.get("devicename") ?? "",
    userId: params.get("UserID") ?? "",
    password: params.get("Password") ?? "",
  }));
}

export const GET: Handler<App> = check;
export const POST: Handler<App> = check;
