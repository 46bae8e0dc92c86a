// A small table router: patterns like "/report/:mac", "/:id.xml" and "/*path" (rest of the path), first match
// in table order wins, so a catch-all goes last. Every route names its guard: who may call it, and how to load its
// module: a module is imported when its URL is first asked for (or preloaded), so start-up does not wait for the
// modules of pages nobody has opened yet.
import type { IncomingMessage } from "node:http";
import type { Problem } from "./errors.ts";
import { HttpError, type Reply } from "./http.ts";

// WebDAV's methods (RFC 4918, RFC 3253 REPORT) are methods like any other: a module answers those it exports.
export const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "PROPPATCH", "MKCOL", "REPORT"] as const;
export type Method = (typeof METHODS)[number];

/** What a guard sees: the request before its handler runs. */
export interface GuardContext<App = unknown> {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  clientIp: string;
  app: App;
}

export interface RequestContext<App = unknown, Identity = unknown> extends GuardContext<App> {
  /** Who the route's guard found the caller to be. */
  identity: Identity;
}

/**
 * What a state-changing request (POST, PUT, PATCH, DELETE, and WebDAV's PROPPATCH and MKCOL) must show about where it
 * comes from, which the dispatcher checks before the guard (PROPFIND and REPORT are reads, even with a body; a page
 * cannot send them to another site without a CORS preflight, which we never grant):
 * - "own-pages": the credential is one a browser sends by itself (Basic, a cookie), so only our own pages may use
 *   it: an Origin naming one of our origins and a JSON body (which a cross-site form cannot send).
 * - "not-foreign": a native client sends no Origin; a browser's Origin must be one of ours.
 * - "anywhere": no credential to abuse (public routes; an OAuth provider posts its answer cross-site).
 */
export type CrossSiteRule = "own-pages" | "not-foreign" | "anywhere";

/**
 * Who may call a route. `check` answers with the caller's identity or throws (a Problem or an HttpError).
 * `crossSite` may depend on the request when the guard accepts several kinds of credential.
 */
export interface Guard<App = unknown, Identity = unknown> {
  readonly name: string;
  readonly crossSite: CrossSiteRule | ((req: IncomingMessage) => CrossSiteRule);
  check(req: IncomingMessage, ctx: GuardContext<App>): Identity | Promise<Identity>;
  /** Headers the guard adds to the handler's reply (the next Digest challenge). */
  replyHeaders?(identity: Identity): Record<string, string | string[]>;
}

export type Handler<App = unknown, Identity = unknown> = (req: IncomingMessage, ctx: RequestContext<App, Identity>) => Reply | Promise<Reply>;
/** How this module's errors look to its clients (JSON, a Cisco text object, a page); `problem` when a domain error. */
export type ErrorRenderer = (status: number, message: string, problem?: Problem) => Reply;

export type RouteModule<App = unknown, Identity = unknown> = Partial<Record<Method, Handler<App, Identity>>> & {
  renderError?: ErrorRenderer;
  /**
   * Its GET changes something (FlexiAPI's older clients GET a new API key, spend a token or activate an account):
   * HEAD is then not served from GET — a link checker's HEAD must change nothing — but answered 405.
   */
  getChangesState?: boolean;
  /** Headers the router's OPTIONS answer carries besides Allow (WebDAV's `DAV:` compliance classes). */
  optionsHeaders?: Record<string, string>;
};

export interface Route<App = unknown> {
  path: string;
  /** The route answers only when the query has one of these parameters (one URL, two pages: `/?key=`). */
  query?: string[];
  // The identity type is checked where a route is written (`route()` below), not in the table's array type.
  guard: Guard<App, any>;
  /** Imports the route's module (`() => import("./health.ts")`); called once, on first use or by `preload`. */
  load: () => Promise<RouteModule<App, any>>;
}

/** A table entry whose module's handlers expect exactly what its guard establishes (checked by the compiler). */
export function route<App, Identity>(r: { path: string; query?: string[]; guard: Guard<App, Identity>; load: () => Promise<RouteModule<App, Identity>> }): Route<App> {
  return r;
}

type Segment =
  | { kind: "literal"; value: string }
  | { kind: "param"; name: string; suffix: string }
  | { kind: "rest"; name: string };

interface CompiledRoute<App> {
  route: Route<App>;
  segments: Segment[];
  /** The entries of the table with the same path, in table order, this one included. */
  samePath: CompiledRoute<App>[];
  /** Set once the modules of every entry of the same path are loaded (which methods a URL has needs them all). */
  loaded?: LoadedRoute<App>;
  /** On the path's first entry: the import of its entries' modules, shared by everyone who needs them. */
  loading?: Promise<void>;
}

interface LoadedRoute<App> {
  module: RouteModule<App>;
  methods: Method[];
  /** The Allow header when this entry is its path's only one. */
  allow: string;
}

export interface Match<App> {
  route: Route<App>;
  module: RouteModule<App>;
  handler?: Handler<App>;
  params: Record<string, string>;
  allow: string;
}

/** A route with its module loaded and the methods it answers. */
export interface LoadedEntry<App> {
  route: Route<App>;
  module: RouteModule<App>;
  methods: Method[];
}

export class Router<App = unknown> {
  private readonly compiled: CompiledRoute<App>[];

  constructor(routes: Route<App>[]) {
    const compiled = routes.map((route): CompiledRoute<App> => {
      if (!route.guard) throw new Error(`Route ${route.path} names no guard: say who may call it`);
      return { route, segments: compilePattern(route.path), samePath: [] };
    });
    for (const c of compiled) c.samePath = compiled.filter((o) => o.route.path === c.route.path);
    this.compiled = compiled;
  }

  /**
   * The first route (in table order) whose path and query match. The same pattern may appear again further down,
   * splitting one URL across modules by query parameter or method: then the first of those with a handler for the
   * method answers. undefined → 404. No handler → 405 (`allow`: the methods of that URL's entries). Throws 400
   * on a malformed escape. A promise only the first time a URL's modules are needed (they are imported first).
   */
  match(method: string, path: string, query?: URLSearchParams): Match<App> | undefined | Promise<Match<App> | undefined> {
    // No closures here: this runs for every request (the config-request hot path included).
    const parts = path.split("/").slice(1);
    let first: CompiledRoute<App> | undefined;
    let params: Record<string, string> | undefined;
    for (const c of this.compiled) {
      if (!applies(c, query)) continue;
      params = matchSegments(c.segments, parts);
      if (params) {
        first = c;
        break;
      }
    }
    if (!first || !params) return undefined;
    if (!first.loaded) return loadGroup(first).then(() => this.match(method, path, query));
    if (first.samePath.length === 1) return { route: first.route, module: first.loaded.module, handler: handlerOf(first.loaded, method), params: decodeParams(params), allow: first.loaded.allow };
    // One URL split across entries (by query parameter or method): the first that applies and has the method.
    const later = first.samePath.slice(first.samePath.indexOf(first)).filter((c) => applies(c, query));
    const chosen = later.find((c) => handlerOf(c.loaded!, method));
    const answering = chosen ?? first;
    return { route: answering.route, module: answering.loaded!.module, handler: chosen && handlerOf(chosen.loaded!, method), params: decodeParams(params), allow: allowHeader(later.map((c) => c.loaded!)) };
  }

  /** Loads the modules of the routes `which` selects now (the phones' routes before the server listens). */
  async preload(which: (route: Route<App>) => boolean): Promise<void> {
    await Promise.all(this.compiled.filter((c) => which(c.route)).map(loadGroup));
  }

  /** Every route in table order with its module loaded (listings, tests). */
  async loadAll(): Promise<LoadedEntry<App>[]> {
    await this.preload(() => true);
    return this.compiled.map((c) => ({ route: c.route, module: c.loaded!.module, methods: c.loaded!.methods }));
  }
}

/** Imports the modules of every entry with c's path (once; callers at the same moment share the import). */
function loadGroup<App>(c: CompiledRoute<App>): Promise<void> {
  const group = c.samePath[0];
  return (group.loading ??= (async () => {
    const modules = await Promise.all(group.samePath.map((o) => o.route.load()));
    const loaded = modules.map((module, i) => {
      const methods = METHODS.filter((m) => m !== "HEAD" && m !== "OPTIONS" && module[m]);
      if (methods.length === 0) throw new Error(`Route ${group.samePath[i].route.path} exports no HTTP method handler`);
      return { module, methods, allow: allowHeader([{ methods, module }]) };
    });
    // All at once: an entry counts as loaded only when its whole path is.
    group.samePath.forEach((o, i) => (o.loaded = loaded[i]));
  })());
}

/** An entry with a query condition applies only when the query has one of its parameters. */
function applies<App>(c: CompiledRoute<App>, query: URLSearchParams | undefined): boolean {
  return !c.route.query || c.route.query.some((name) => query?.has(name));
}

/** The entry's handler for the method: HEAD is served from GET unless that GET changes state. */
function handlerOf<App>(c: LoadedRoute<App>, method: string): Handler<App> | undefined {
  if (method === "HEAD") return c.module.getChangesState ? undefined : c.module.GET;
  return c.module[method as Method];
}

/** Allow: the methods of these entries, HEAD with a GET that changes nothing, and OPTIONS, in the order of METHODS. */
function allowHeader(entries: { methods: Method[]; module: { getChangesState?: boolean } }[]): string {
  const methods = new Set(entries.flatMap((e) => e.methods));
  const head = entries.some((e) => e.methods.includes("GET") && !e.module.getChangesState);
  return METHODS.filter((x) => methods.has(x) || (x === "HEAD" && head) || x === "OPTIONS").join(", ");
}

/**
 * The routes in table order (for listings such as `cli routes`), each with the methods it actually answers: an
 * earlier entry of the same path without a query condition takes its methods first.
 */
export async function describeRoutes<App>(routes: Route<App>[]): Promise<{ methods: Method[]; path: string; query?: string[]; guard: string; route: Route<App>; module: RouteModule<App> }[]> {
  const taken = new Map<string, Set<Method>>();
  return (await new Router(routes).loadAll()).map(({ route: r, module, methods: all }) => {
    const claimed = taken.get(r.path) ?? new Set<Method>();
    const methods = all.filter((m) => r.query || !claimed.has(m));
    if (!r.query) taken.set(r.path, new Set([...claimed, ...methods]));
    return { methods, path: r.path, query: r.query, guard: r.guard.name, route: r, module };
  });
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
  for (const name in raw) {
    const value = raw[name];
    // Most parameters (a MAC, an ID) have nothing to decode.
    if (!value.includes("%")) continue;
    try {
      raw[name] = decodeURIComponent(value);
    } catch {
      throw new HttpError(400, "The URL contains a malformed percent-escape.");
    }
  }
  return raw;
}
