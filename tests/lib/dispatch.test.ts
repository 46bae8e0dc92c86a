import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import { createDispatcher } from "../../lib/dispatch.ts";
import { HttpError, json, readBody, readJson, text } from "../../lib/http.ts";
import { Router } from "../../lib/router.ts";

process.env.LOG_LEVEL = "silent";
let server: Server;
let base: string;
const replies: number[] = [];

before(async () => {
  const router = new Router<null>([
    { path: "/hello/:name", module: { GET: (_req, ctx) => text(`hello ${ctx.params.name} ${ctx.query.get("x") ?? ""}`) } },
    { path: "/echo", module: { POST: async (req) => text(String((await readBody(req, 16)).length)) } },
    { path: "/json", module: { POST: async (req) => json(await readJson(req)) } },
    { path: "/teapot", module: { GET: () => { throw new HttpError(418, "I am a teapot"); }, renderError: (s, m) => text(`custom ${s}: ${m}`, "text/plain", s) } },
    { path: "/boom", module: { GET: () => { throw new Error("secret database password in stack"); } } },
  ]);
  const dispatch = createDispatcher({ router, app: null, clientIp: () => "127.0.0.1", onReply: (_q, _r, status) => replies.push(status) });
  server = createServer((req, res) => void dispatch(req, res));
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((ok) => server.close(() => ok())));

test("path parameters and the query reach the handler", async () => {
  const res = await fetch(`${base}/hello/J%C3%BCrgen?x=1`);
  assert.equal(await res.text(), "hello Jürgen 1");
});

test("unknown path → 404 JSON", async () => {
  const res = await fetch(`${base}/nope`);
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { error: "Not found" });
});

test("wrong method → 405 with Allow", async () => {
  const res = await fetch(`${base}/echo`);
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "POST, OPTIONS");
});

test("HEAD answers GET's headers without a body", async () => {
  const res = await fetch(`${base}/hello/x`, { method: "HEAD" });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-length"), String("hello x ".length));
  assert.equal(await res.text(), "");
});

test("OPTIONS lists the allowed methods", async () => {
  const res = await fetch(`${base}/hello/x`, { method: "OPTIONS" });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("allow"), "GET, HEAD, OPTIONS");
});

test("a malformed percent-escape is a 400", async () => {
  const res = await fetch(`${base}/hello/%E0%A4%A`);
  assert.equal(res.status, 400);
});

test("a body over the limit is a 413, declared or streamed", async () => {
  assert.equal((await fetch(`${base}/echo`, { method: "POST", body: "x".repeat(16) })).status, 200);
  const declared = await fetch(`${base}/echo`, { method: "POST", body: "x".repeat(17) });
  assert.equal(declared.status, 413);
  assert.match((await declared.json()).error, /larger than 16 bytes/);
  const streamed = await fetch(`${base}/echo`, {
    method: "POST",
    body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("y".repeat(40))); c.close(); } }),
    duplex: "half",
  } as RequestInit);
  assert.equal(streamed.status, 413);
});

test("JSON bodies: wrong content type is 415, broken JSON is 400", async () => {
  assert.equal((await fetch(`${base}/json`, { method: "POST", body: "{}" })).status, 415);
  const bad = await fetch(`${base}/json`, { method: "POST", body: "{", headers: { "content-type": "application/json" } });
  assert.equal(bad.status, 400);
  const good = await fetch(`${base}/json`, { method: "POST", body: '{"a":1}', headers: { "content-type": "application/json" } });
  assert.deepEqual(await good.json(), { a: 1 });
});

test("an intended error uses the module's own error format", async () => {
  const res = await fetch(`${base}/teapot`);
  assert.equal(res.status, 418);
  assert.equal(await res.text(), "custom 418: I am a teapot");
});

test("an unexpected error is a generic 500 that reveals nothing", async () => {
  const res = await fetch(`${base}/boom`);
  assert.equal(res.status, 500);
  const body = await res.text();
  assert.doesNotMatch(body, /secret|stack/);
  assert.deepEqual(JSON.parse(body), { error: "Internal server error" });
  assert.equal(replies.at(-1), 500, "the reply hook sees every status");
});
