import assert from "node:assert/strict";
import { test } from "node:test";
import { HttpError, json } from "../../lib/http.ts";
import { Router, type Guard, type Route } from "../../lib/router.ts";

const ok = () => json({ ok: true });
const anyone: Guard = { name: "public", crossSite: "anywhere", check: () => null };
const start = { GET: ok };
const callback = { GET: ok, POST: ok };
const router = new Router([
  { path: "/health", guard: anyone, module: { GET: ok } },
  { path: "/report", guard: anyone, module: { POST: ok, PUT: ok } },
  { path: "/report/:mac", guard: anyone, module: { POST: ok } },
  { path: "/grant", query: ["state", "code"], guard: anyone, module: callback },
  { path: "/grant", guard: anyone, module: start },
  { path: "/grant", guard: anyone, module: callback },
  { path: "/:id.xml", guard: anyone, module: { GET: ok } },
  { path: "/carddav/:key/:uid.vcf", guard: anyone, module: { GET: ok } },
  { path: "/*path", guard: anyone, module: { GET: ok } },
]);

test("a literal path matches only itself", () => {
  assert.equal(router.match("GET", "/health")?.route.path, "/health");
  assert.equal(router.match("GET", "/health/x")?.route.path, "/*path");
});

test("a parameter with a suffix captures the part before it", () => {
  assert.deepEqual(router.match("GET", "/phone-01.xml")?.params, { id: "phone-01" });
  assert.deepEqual(router.match("GET", "/carddav/abc/u%201.vcf")?.params, { key: "abc", uid: "u 1" });
  assert.equal(router.match("GET", "/.xml")?.route.path, "/*path", "an empty parameter does not match");
});

test("path parameters are decoded exactly once", () => {
  assert.equal(router.match("GET", "/00%3A11%3A22%3A33%3A44%3A55.xml")?.params.id, "00:11:22:33:44:55");
  assert.equal(router.match("GET", "/a%2541.xml")?.params.id, "a%41");
});

test("a malformed escape is a 400", () => {
  assert.throws(() => router.match("GET", "/%E0%A4%A.xml"), (e: unknown) => e instanceof HttpError && e.status === 400);
});

test("a known path with the wrong method has no handler and lists what is allowed", () => {
  const m = router.match("DELETE", "/report");
  assert.equal(m?.handler, undefined);
  assert.equal(m?.allow, "POST, PUT, OPTIONS");
  assert.equal(router.match("GET", "/report/001122334455")?.allow, "POST, OPTIONS");
});

test("HEAD is not served by a GET that changes something", () => {
  const spend = { GET: ok, getChangesState: true };
  const r = new Router([{ path: "/spend/:token", guard: anyone, module: spend }]);
  assert.equal(r.match("HEAD", "/spend/x")?.handler, undefined);
  assert.equal(r.match("HEAD", "/spend/x")?.allow, "GET, OPTIONS");
  assert.ok(r.match("GET", "/spend/x")?.handler);
});

test("HEAD is served by GET", () => {
  assert.ok(router.match("HEAD", "/health")?.handler);
  assert.match(router.match("POST", "/health")!.allow, /GET, HEAD/);
});

test("a module without any method handler is refused at start-up", () => {
  assert.throws(() => new Router([{ path: "/x", guard: anyone, module: {} }]), /no HTTP method handler/);
});

test("a route that names no guard is refused at start-up", () => {
  assert.throws(() => new Router([{ path: "/x", module: { GET: ok } } as unknown as Route]), /names no guard/);
});

test("a query parameter picks the module of a URL that answers two kinds of caller", () => {
  const q = (s: string) => new URLSearchParams(s);
  assert.equal(router.match("GET", "/grant", q("state=1"))?.route.module, callback);
  assert.equal(router.match("GET", "/grant", q("code=1&x=2"))?.route.module, callback);
  assert.equal(router.match("GET", "/grant", q(""))?.route.module, start, "without the parameter the next entry answers");
});

test("a later entry of the same URL answers a method the first one lacks", () => {
  const post = router.match("POST", "/grant", new URLSearchParams());
  assert.equal(post?.route.module, callback);
  assert.ok(post?.handler);
  const del = router.match("DELETE", "/grant");
  assert.equal(del?.handler, undefined);
  assert.equal(del?.allow, "GET, HEAD, POST, OPTIONS", "Allow lists every method of the URL's entries");
});

test("a method no entry of the URL has is 405, not the catch-all's answer", () => {
  const m = router.match("GET", "/report");
  assert.equal(m?.route.path, "/report");
  assert.equal(m?.handler, undefined);
});

test("the rest parameter takes the remainder of the path", () => {
  assert.deepEqual(router.match("GET", "/css/a/b.css")?.params, { path: "css/a/b.css" });
});
