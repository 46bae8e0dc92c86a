// Turns a request into a reply through the router: 404, 405 + Allow, HEAD from GET, OPTIONS, and the one
// error funnel (HttpError → its message; anything else → a generic 500, logged once without secrets).
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, json, send, type Reply } from "./http.ts";
import { log } from "./log.ts";
import type { ErrorRenderer, RequestContext, Router, Route } from "./router.ts";

export interface DispatchOptions<App> {
  router: Router<App>;
  app: App;
  clientIp: (req: IncomingMessage) => string;
  /** Called after each reply (metrics, access logs). `route` is undefined for unknown paths. */
  onReply?: (req: IncomingMessage, route: Route<App> | undefined, status: number, seconds: number, ctx?: RequestContext<App>) => void;
  defaultRenderError?: ErrorRenderer;
}

const jsonError: ErrorRenderer = (status, message) => json({ error: message }, status);

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
    let ctx: RequestContext<App> | undefined;
    let reply: Reply;
    try {
      const match = o.router.match(method, path);
      if (!match) throw new HttpError(404, "Not found");
      route = match.route;
      renderError = match.route.module.renderError ?? renderError;
      if (method === "OPTIONS") {
        reply = { status: 204, body: "", headers: { Allow: match.allow } };
      } else if (!match.handler) {
        throw new HttpError(405, `${method} is not allowed here; use ${match.allow}.`, { Allow: match.allow });
      } else {
        ctx = { method, path, query, params: match.params, clientIp, app: o.app };
        reply = await match.handler(req, ctx);
      }
    } catch (err) {
      reply = errorReply(err, renderError, method, path, clientIp);
    }
    if (!res.headersSent) send(res, reply, method === "HEAD");
    o.onReply?.(req, route, reply.status, Number(process.hrtime.bigint() - started) / 1e9, ctx);
  };
}

function errorReply(err: unknown, render: ErrorRenderer, method: string, path: string, clientIp: string): Reply {
  if (err instanceof HttpError) {
    const r = render(err.status, err.message);
    return { ...r, status: err.status, headers: { ...r.headers, ...err.headers } };
  }
  log.error(`500 ${method} ${path} from ${clientIp}: ${(err as Error)?.stack ?? String(err)}`);
  return render(500, "Internal server error");
}
