// A small table router: patterns like "/report/:mac", "/:id.xml" and "/*path" (rest of the path),
// first match in table order wins, so a catch-all goes last.
import type { IncomingMessage } from "node:http";
import { HttpError, type Reply } from "./http.ts";

export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type Method = (typeof METHODS)[number];

export interface RequestContext<App = unknown> {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  clientIp: string;
  app: App;
}

export type Handler<App = unknown> = (req: IncomingMessage, ctx: RequestContext<App>) => Reply | Promise<Reply>;
/** How this module's errors look to its clients (JSON, a Cisco text object, a page). */
export type ErrorRenderer = (status: number, message: string) => Reply;

export type RouteModule<App = unknown> = Partial<Record<Method, Handler<App>>> & { renderError?: ErrorRenderer };

export interface Route<App = unknown> {
  path: string;
  module: RouteModule<App>;
}

type Segment =
  | { kind: "literal"; value: string }
  | { kind: "param"; name: string; suffix: string }
  | { kind: "rest"; name: string };

interface CompiledRoute<App> {
  route: Route<App>;
  segments: Segment[];
  allow: string;
}

export interface Match<App> {
  route: Route<App>;
  handler?: Handler<App>;
  params: Record<string, string>;
  allow: string;
}

export class Router<App = unknown> {
  private readonly compiled: CompiledRoute<App>[];

  constructor(routes: Route<App>[]) {
    this.compiled = routes.map((route) => {
      const methods = METHODS.filter((m) => m !== "HEAD" && m !== "OPTIONS" && route.module[m]);
      if (methods.length === 0) throw new Error(`Route ${route.path} exports no HTTP method handler`);
      const allow = [...methods, ...(route.module.GET ? ["HEAD"] : []), "OPTIONS"].join(", ");
      return { route, segments: compilePattern(route.path), allow };
    });
  }

  /** undefined → 404. A match without handler → 405 (use `allow`). Throws 400 on a malformed escape. */
  match(method: string, path: string): Match<App> | undefined {
    const parts = path.split("/").slice(1);
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, parts);
      if (!params) continue;
      const m = method === "HEAD" ? "GET" : method;
      const handler = c.route.module[m as Method];
      return { route: c.route, handler, params: decodeParams(params), allow: c.allow };
    }
    return undefined;
  }
}

function compilePattern(pattern: string): Segment[] {
  if (!pattern.startsWith("/")) throw new Error(`Route pattern must start with "/": ${pattern}`);
  return pattern.split("/").slice(1).map((part, i, all): Segment => {
    if (part.startsWith("*")) {
      if (i !== all.length - 1) throw new Error(`A rest parameter must come last: ${pattern}`);
      return { kind: "rest", name: part.slice(1) || "rest" };
    }
    if (!part.startsWith(":")) return { kind: "literal", value: part };
    const m = /^:([A-Za-z_][A-Za-z0-9_]*)(.*)$/.exec(part);
    if (!m) throw new Error(`Bad parameter in route pattern: ${pattern}`);
    return { kind: "param", name: m[1], suffix: m[2] };
  });
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.kind === "rest") {
      params[seg.name] = parts.slice(i).join("/");
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (seg.kind === "literal") {
      if (part !== seg.value) return undefined;
    } else {
      if (part.length <= seg.suffix.length || !part.endsWith(seg.suffix)) return undefined;
      params[seg.name] = part.slice(0, part.length - seg.suffix.length);
    }
  }
  return parts.length === segments.length ? params : undefined;
}

function decodeParams(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      throw new HttpError(400, "The URL contains a malformed percent-escape.");
    }
  }
  return out;
}
