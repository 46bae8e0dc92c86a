// Turns a request into a reply through the router: 404, 405 + Allow, HEAD from GET, OPTIONS; the route's guard
// before its handler (after its cross-site rule for state-changing requests); and the one
// error funnel: a domain error (lib/errors.ts) or an HttpError becomes its status and message in the module's
// format; anything else is a generic 500, logged once without secrets.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Invalid, Problem, TooManyAttempts, Unauthenticated, Unavailable, type ProblemKind } from "./errors.ts";
import { HttpError, json, requireJsonContentType, send, type Reply } from "./http.ts";
import { log } from "./log.ts";
import type { ErrorRenderer, Guard, RequestContext, Router, Route } from "./router.ts";
import { requireSameOrigin } from "./same-origin.ts";

export interface DispatchOptions<App> {
  router: Router<App>;
  app: App;
  clientIp: (req: IncomingMessage) => string;
  /** The origins our own pages are served from (public_url and the listening addresses), for the same-origin rule. */
  ownOrigins: () => ReadonlySet<string>;
  /** Called after each reply (metrics, access logs). `route` is undefined for unknown paths. */
  onReply?: (req: IncomingMessage, route: Route<App> | undefined, status: number, seconds: number) => void;
  defaultRenderError?: ErrorRenderer;
  /** The domain error an error from below means (a database that does not take writes → Unavailable), if any. */
  problemOf?: (err: unknown) => Problem | undefined;
}

/** The one place a domain error becomes an HTTP status. */
export const STATUS_OF: Record<ProblemKind, number> = {
  malformed: 400,
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  upstream: 502,
  unavailable: 503,
};

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE", "PROPPATCH", "MKCOL"]);

/** `{error}`, plus `errors: {field: [messages]}` for an Invalid that names fields. */
export const jsonError: ErrorRenderer = (status, message, problem) =>
  json(problem instanceof Invalid && Object.keys(problem.fields).length ? { error: message, errors: problem.fields } : { error: message }, status);

export function createDispatcher<App>(o: DispatchOptions<App>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? "GET";
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : rawUrl.slice(q + 1));
    const clientIp = o.clientIp(req);
    let route: Route<App> | undefined;
    let renderError = o.defaultRenderError ?? jsonError;
    let reply: Reply;
    try {
      // A promise only when the URL's module is not loaded yet (its first request).
      const found = o.router.match(method, path, query);
      const match = found instanceof Promise ? await found : found;
      if (!match) throw new HttpError(404, "Not found");
      route = match.route;
      renderError = match.module.renderError ?? renderError;
      if (method === "OPTIONS") {
        reply = { status: 204, body: "", headers: { ...match.module.optionsHeaders, Allow: match.allow } };
      } else if (!match.handler) {
        throw new HttpError(405, `${method} is not allowed here; use ${match.allow}.`, { Allow: match.allow });
      } else {
        const ctx: RequestContext<App> = { method, path, query, params: match.params, clientIp, app: o.app, identity: undefined };
        if (STATE_CHANGING.has(method)) checkCrossSite(req, route.guard, o.ownOrigins);
        // Awaited only when a promise: the phones' profile route is synchronous end to end.
        const identity = route.guard.check(req, ctx);
        ctx.identity = identity instanceof Promise ? await identity : identity;
        const answer = match.handler(req, ctx);
        reply = answer instanceof Promise ? await answer : answer;
        const extra = route.guard.replyHeaders?.(ctx.identity);
        if (extra) reply = { ...reply, headers: { ...reply.headers, ...extra } };
      }
    } catch (err) {
      if (clientWentAway(req, err)) {
        log.debug(`${method} ${path.slice(0, 200)} from ${clientIp}: the client closed the connection before its request was complete`);
        return;
      }
      reply = errorReply(o.problemOf?.(err) ?? err, renderError, method, path, clientIp);
    }
    if (!res.headersSent) send(res, reply, method === "HEAD");
    o.onReply?.(req, route, reply.status, Number(process.hrtime.bigint() - started) / 1e9);
  };
}

/**
 * Reading the request failed because its connection closed mid-request (the client went away, or the server closed
 * a stalled body): nobody is left to answer, and it is not the server's error.
 */
function clientWentAway(req: IncomingMessage, err: unknown): boolean {
  return req.destroyed && !req.complete && (err as NodeJS.ErrnoException | undefined)?.code === "ECONNRESET";
}

/** The route's cross-site rule for a state-changing request (see CrossSiteRule). */
function checkCrossSite<App>(req: IncomingMessage, guard: Guard<App>, ownOrigins: () => ReadonlySet<string>): void {
  const rule = typeof guard.crossSite === "function" ? guard.crossSite(req) : guard.crossSite;
  if (rule === "anywhere") return;
  if (rule === "not-foreign") {
    if (req.headers.origin !== undefined) requireSameOrigin(req.headers.origin, ownOrigins());
    return;
  }
  // A browser sends Basic credentials and cookies by itself: only our own pages may change state with them, and
  // they send JSON, which a cross-site form cannot (DESIGN §6).
  requireSameOrigin(req.headers.origin, ownOrigins());
  requireJsonContentType(req);
}

function errorReply(err: unknown, render: ErrorRenderer, method: string, path: string, clientIp: string): Reply {
  if (err instanceof Problem) {
    const status = STATUS_OF[err.kind];
    const r = render(status, err.message, err);
    return { ...r, headers: { ...r.headers, ...problemHeaders(err) } };
  }
  if (err instanceof HttpError) {
    const r = render(err.status, err.message);
    return { ...r, headers: { ...r.headers, ...err.headers } };
  }
  log.error(`500 ${method} ${path.slice(0, 200)} from ${clientIp}: ${(err as Error)?.stack ?? String(err)}`);
  return render(500, "Internal server error");
}

function problemHeaders(p: Problem): Record<string, string | string[]> {
  if (p instanceof Unauthenticated && p.challenges.length) return { "WWW-Authenticate": p.challenges };
  if ((p instanceof TooManyAttempts || p instanceof Unavailable) && p.retryAfterSeconds !== undefined) return { "Retry-After": String(p.retryAfterSeconds) };
  return {};
}
