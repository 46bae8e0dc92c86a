import assert from "node:assert/strict";
import { test } from "node:test";
import { HttpError, json } from "../../lib/http.ts";
import { Router, type Guard, type Match, type Route, type RouteModule } from "../../lib/router.ts";

const ok = () => json({ ok: true });
const anyone: Guard = { name: "public", crossSite: "anywhere", check: () => null };
const start = { GET: ok };
const callback = { GET: ok, POST: ok };
const loaded = (module: RouteModule) => () => Promise.resolve(module);
const router = new Router([
  { path: "/health", guard: anyone, load: loaded({ GET: ok }) },
  { path: "/report", guard: anyone, load: loaded({ POST: ok, PUT: ok }) },
  { path: "/report/:mac", guard: anyone, load: loaded({ POST: ok }) },
  { path: "/grant", query: ["state", "code"], guard: anyone, load: loaded(callback) },
  { path: "/grant", guard: anyone, load: loaded(start) },
  { path: "/grant", guard: anyone, load: loaded(callback) },
  { path: "/:id.xml", guard: anyone, load: loaded({ GET: ok }) },
  { path: "/carddav/:key/:uid.vcf", guard: anyone, load: loaded({ GET: ok }) },
  { path: "/*path", guard: anyone, load: loaded({ GET: ok }) },
]);
await router.preload(() => true);

/** A match of a router whose modules are loaded: never a promise. */
function matchLoaded(r: Router, method: string, path: string, query?: URLSearchParams): Match<unknown> | undefined {
  const m = r.match(method, path, query);
  assert.ok(!(m instanceof Promise), `${path}: its module is loaded`);
  return m;
}

test("a literal path matches only itself", () => {
  assert.equal(matchLoaded(router, "GET", "/health")?.route.path, "/health");
  assert.equal(matchLoaded(router, "GET", "/health/x")?.route.path, "/*path");
});

test("a parameter with a suffix captures the part before it", () => {
  assert.deepEqual(matchLoaded(router, "GET", "/phone-01.xml")?.params, { id: "phone-01" });
  assert.deepEqual(matchLoaded(router, "GET", "/carddav/abc/u%201.vcf")?.params, { key: "abc", uid: "u 1" });
  assert.equal(matchLoaded(router, "GET", "/.xml")?.route.path, "/*path", "an empty parameter does not match");
});

test("path parameters are decoded exactly once", () => {
  assert.equal(matchLoaded(router, "GET", "/00%3A11%3A22%3A33%3A44%3A55.xml")?.params.id, "00:11:22:33:44:55");
  assert.equal(matchLoaded(router, "GET", "/a%2541.xml")?.params.id, "a%41");
});

test("a malformed escape is a 400", () => {
  assert.throws(() => matchLoaded(router, "GET", "/%E0%A4%A.xml"), (e: unknown) => e instanceof HttpError && e.status === 400);
});

test("a known path with the wrong method has no handler and lists what is allowed", () => {
  const m = matchLoaded(router, "DELETE", "/report");
  assert.equal(m?.handler, undefined);
  assert.equal(m?.allow, "POST, PUT, OPTIONS");
  assert.equal(matchLoaded(router, "GET", "/report/001122334455")?.allow, "POST, OPTIONS");
});

test("HEAD is not served by a GET that changes something", async () => {
  const spend = { GET: ok, getChangesState: true };
  const r = new Router([{ path: "/spend/:token", guard: anyone, load: loaded(spend) }]);
  await r.preload(() => true);
  assert.equal(matchLoaded(r, "HEAD", "/spend/x")?.handler, undefined);
  assert.equal(matchLoaded(r, "HEAD", "/spend/x")?.allow, "GET, OPTIONS");
  assert.ok(matchLoaded(r, "GET", "/spend/x")?.handler);
});

test("HEAD is served by GET", () => {
  assert.ok(matchLoaded(router, "HEAD", "/health")?.handler);
  assert.match(matchLoaded(router, "POST", "/health")!.allow, /GET, HEAD/);
});

test("a module without any method handler is refused when it is loaded", async () => {
  const r = new Router([{ path: "/x", guard: anyone, load: loaded({}) }]);
  await assert.rejects(async () => r.match("GET", "/x"), /no HTTP method handler/);
  await assert.rejects(r.preload(() => true), /no HTTP method handler/);
});

test("a route's module is imported on its URL's first request, once for requests at the same moment, and not before", async () => {
  let imports = 0;
  const r = new Router([
    { path: "/late", guard: anyone, load: async () => (imports++, { GET: ok }) },
    { path: "/other", guard: anyone, load: async () => assert.fail("a module nobody asked for is not imported") },
  ]);
  assert.equal(imports, 0, "building the table imports nothing");
  const first = r.match("GET", "/late");
  const second = r.match("GET", "/late");
  assert.ok(first instanceof Promise && second instanceof Promise, "the first requests wait for the import");
  const [a, b] = await Promise.all([first, second]);
  assert.ok(a?.handler && b?.handler);
  assert.equal(imports, 1);
  assert.ok(matchLoaded(r, "GET", "/late")?.handler, "later requests match without waiting");
  assert.equal(r.match("GET", "/nothing-here"), undefined, "an unknown path imports nothing either");
});

test("preload imports the chosen routes' modules, and a URL split across entries loads them all before it answers", async () => {
  const imported: string[] = [];
  const entry = (name: string, module: RouteModule, query?: string[]) => ({ path: "/grant", query, guard: anyone, load: async () => (imported.push(name), module) });
  const phoneGuard: Guard = { ...anyone, name: "phone" };
  const r = new Router([
    { path: "/:id.xml", guard: phoneGuard, load: async () => (imported.push("profile"), { GET: ok }) },
    entry("callback", callback, ["state"]),
    entry("start", start),
    entry("post", { POST: ok }),
  ]);
  await r.preload((route) => route.guard === phoneGuard);
  assert.deepEqual(imported, ["profile"]);
  assert.ok(matchLoaded(r, "GET", "/0011223344ab.xml")?.handler);
  const post = await r.match("POST", "/grant", new URLSearchParams());
  assert.deepEqual(imported.sort(), ["callback", "post", "profile", "start"]);
  assert.ok(post?.handler, "the entry that has POST answers, though an earlier one matched the path first");
  assert.equal(post?.allow, "GET, HEAD, POST, OPTIONS");
});

test("a route that names no guard is refused at start-up", () => {
  assert.throws(() => new Router([{ path: "/x", load: loaded({ GET: ok }) } as unknown as Route]), /names no guard/);
});

test("a query parameter picks the module of a URL that answers two kinds of caller", () => {
  const q = (s: string) => new URLSearchParams(s);
  assert.equal(matchLoaded(router, "GET", "/grant", q("state=1"))?.module, callback);
  assert.equal(matchLoaded(router, "GET", "/grant", q("code=1&x=2"))?.module, callback);
  assert.equal(matchLoaded(router, "GET", "/grant", q(""))?.module, start, "without the parameter the next entry answers");
});

test("a later entry of the same URL answers a method the first one lacks", () => {
  const post = matchLoaded(router, "POST", "/grant", new URLSearchParams());
  assert.equal(post?.module, callback);
  assert.ok(post?.handler);
  const del = matchLoaded(router, "DELETE", "/grant");
  assert.equal(del?.handler, undefined);
  assert.equal(del?.allow, "GET, HEAD, POST, OPTIONS", "Allow lists every method of the URL's entries");
});

test("a method no entry of the URL has is 405, not the catch-all's answer", () => {
  const m = matchLoaded(router, "GET", "/report");
  assert.equal(m?.route.path, "/report");
  assert.equal(m?.handler, undefined);
});

test("the rest parameter takes the remainder of the path", () => {
  assert.deepEqual(matchLoaded(router, "GET", "/css/a/b.css")?.params, { path: "css/a/b.css" });
});
