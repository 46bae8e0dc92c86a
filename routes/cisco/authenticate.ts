// /cisco/authenticate (legacy .php) — the phones' authenticationURL: body exactly AUTHORIZED or UN-AUTHORIZED,
// text/html, no newline (the phone compares the bytes).
import type { IncomingMessage } from "node:http";
import type { App } from "../../core/app.ts";
import { createAuthenticateLimiter, phoneCredentialsValid } from "../../core/cisco/authenticate.ts";
import type { FailureLimiter } from "../../lib/basic-auth.ts";
import { readForm, text } from "../../lib/http.ts";
import type { Handler, RequestContext } from "../../lib/router.ts";

const limiters = new WeakMap<App, FailureLimiter>();
const limiterOf = (app: App): FailureLimiter => {
  let l = limiters.get(app);
  if (!l) limiters.set(app, (l = createAuthenticateLimiter()));
  return l;
};

const answer = (ok: boolean) => text(ok ? "AUTHORIZED" : "UN-AUTHORIZED", "text/html");
export const renderError = (_status: number, _message: string) => answer(false);

async function check(req: IncomingMessage, ctx: RequestContext<App>): Promise<ReturnType<typeof answer>> {
  const params = new URLSearchParams(ctx.query);
  if (ctx.method === "POST") for (const [k, v] of await readForm(req)) if (!params.has(k)) params.set(k, v);
  const limiter = limiterOf(ctx.app);
  if (limiter.isBlocked(ctx.clientIp)) return answer(false);
  const ok = phoneCredentialsValid(ctx.app.store.config, {
    devicename: params.get("devicename") ?? "",
    userId: params.get("UserID") ?? "",
    password: params.get("Password") ?? "",
  });
  if (ok) limiter.reset(ctx.clientIp);
  else limiter.recordFailure(ctx.clientIp);
  return answer(ok);
}

export const GET: Handler<App> = check;
export const POST: Handler<App> = check;
