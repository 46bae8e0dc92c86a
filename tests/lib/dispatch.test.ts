import assert from "node:assert/strict";
import { createServer, get, type IncomingMessage, type Server } from "node:http";
import { after, before, test } from "node:test";
import { createDispatcher } from "../../lib/dispatch.ts";
import { Conflict, Invalid, NotFound, TooManyAttempts, Unauthenticated } from "../../lib/errors.ts";
import { HttpError, json, readBody, readJson, text } from "../../lib/http.ts";
import { Router, type Guard } from "../../lib/router.ts";

process.env.LOG_LEVEL = "silent";
let server: Server;
let base: string;
const replies: number[] = [];

let handled = 0;
const anyone: Guard<null, null> = { name: "public", crossSite: "anywhere", check: () => null };
/** A guard like HTTP Basic: the caller is whoever the X-User header names; no header, no entry. */
const user: Guard<null, string> = {
  name: "user",
  crossSite: "own-pages",
  check: (req) => {
    const name = req.headers["x-user"];
    if (typeof name !== "string") throw new Unauthenticated("Please sign in.", ['Basic realm="test"']);
    return name;
  },
};
/** A guard like the phone allowlist: native clients send no Origin, but a browser's must be ours. */
const native: Guard<null, null> = { name: "phone", crossSite: "not-foreign", check: () => null };
const OWN = new Set(["http://pbx.example.com:8080"]);

before(async () => {
  const router = new Router<null>([
    { path: "/hello/:name", guard: anyone, load: async () => ({ GET: (_req, ctx) => text(`hello ${ctx.params.name} ${ctx.query.get("x") ?? ""}`) }) },
    { path: "/echo", guard: anyone, load: async () => ({ POST: async (req) => text(String((await readBody(req, 16)).length)) }) },
    { path: "/json", guard: anyone, load: async () => ({ POST: async (req) => json(await readJson(req)) }) },
    { path: "/teapot", guard: anyone, load: async () => ({ GET: () => { throw new HttpError(418, "I am a teapot"); }, renderError: (s, m) => text(`custom ${s}: ${m}`, "text/plain", s) }) },
    {
      path: "/chunks",
      guard: anyone,
      // A handler's own Content-Length (wrong, in lower case) and a header given twice, over a body in chunks.
      load: async () => ({ GET: () => ({ status: 200, headers: { "content-length": "999", "Set-Cookie": ["a=1", "b=2"], "X-Kind": "chunks" }, body: [Buffer.from("one "), Buffer.from("two")] }) }),
    },
    { path: "/boom", guard: anyone, load: async () => ({ GET: () => { throw new Error("secret database password in stack"); } }) },
    { path: "/report", guard: native, load: async () => ({ POST: () => text("stored") }) },
    { path: "/me", guard: user, load: async () => ({ GET: (_req, ctx) => text(`you are ${ctx.identity}`), POST: () => (handled++, text("changed")) }) },
    {
      path: "/problem/:kind",
      guard: anyone,
      load: async () => ({
        GET: (_req, ctx) => {
          const problems: Record<string, Error> = {
            invalid: Invalid.field("username", "The username is taken."),
            missing: new NotFound("No such account."),
            taken: new Conflict("Already there."),
            slow: new TooManyAttempts("Slow down.", 60),
          };
          throw problems[ctx.params.kind];
        },
      }),
    },
  ]);
  const dispatch = createDispatcher({ router, app: null, clientIp: () => "127.0.0.1", ownOrigins: () => OWN, onReply: (_q, _r, status) => replies.push(status) });
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

test("a reply's headers go out as given, repeated ones on lines of their own, with one Content-Length: the body's", async () => {
  const res = await new Promise<IncomingMessage>((ok, fail) => get(`${base}/chunks`, ok).on("error", fail));
  const names = res.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
  assert.deepEqual(names.filter((n) => n === "content-length" || n === "set-cookie"), ["set-cookie", "set-cookie", "content-length"]);
  assert.equal(res.headers["content-length"], String("one two".length));
  assert.deepEqual(res.headers["set-cookie"], ["a=1", "b=2"]);
  assert.equal(res.headers["x-kind"], "chunks");
  let body = "";
  for await (const chunk of res) body += chunk;
  assert.equal(body, "one two");
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

test("the guard runs before the handler and hands it the caller's identity", async () => {
  const anonymous = await fetch(`${base}/me`);
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.headers.get("www-authenticate"), 'Basic realm="test"', "the challenge of the domain error");
  const res = await fetch(`${base}/me`, { headers: { "X-User": "anna" } });
  assert.equal(await res.text(), "you are anna");
});

test("a state change under ambient credentials needs JSON from one of our own origins, never the Host header's", async () => {
  const post = (origin?: string, type = "application/json") =>
    fetch(`${base}/me`, { method: "POST", body: "{}", headers: { "X-User": "anna", "Content-Type": type, ...(origin === undefined ? {} : { Origin: origin }) } });
  const before = handled;
  assert.equal((await post()).status, 403, "no Origin");
  assert.equal((await post("null")).status, 403, "an opaque origin");
  assert.equal((await post("http://evil.example")).status, 403, "a foreign origin");
  assert.equal((await post(base)).status, 403, "the origin the Host header names is not enough");
  assert.equal((await post("http://pbx.example.com:8080", "application/x-www-form-urlencoded")).status, 415, "a form, which any site can post");
  assert.equal(handled, before, "the handler never ran");
  const ok = await post("http://pbx.example.com:8080");
  assert.equal(ok.status, 200);
  assert.equal(handled, before + 1);
});

test("domain errors map to their status once, with field messages and Retry-After", async () => {
  const invalid = await fetch(`${base}/problem/invalid`);
  assert.equal(invalid.status, 422);
  assert.deepEqual(await invalid.json(), { error: "The username is taken.", errors: { username: ["The username is taken."] } });
  assert.equal((await fetch(`${base}/problem/missing`)).status, 404);
  assert.equal((await fetch(`${base}/problem/taken`)).status, 409);
  const slow = await fetch(`${base}/problem/slow`);
  assert.equal(slow.status, 429);
  assert.equal(slow.headers.get("retry-after"), "60");
});

test("a native client's request needs no Origin, but a browser's from another site is refused", async () => {
  const post = (headers: Record<string, string>) => fetch(`${base}/report`, { method: "POST", body: "<x/>", headers });
  assert.equal((await post({})).status, 200, "a phone sends no Origin");
  assert.equal((await post({ Origin: "http://pbx.example.com:8080" })).status, 200);
  assert.equal((await post({ Origin: "http://evil.example" })).status, 403, "a page on an allowed address is not a phone");
});
