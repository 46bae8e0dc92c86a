import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import { FetchError, fetchText } from "../../lib/fetch.ts";

// With refuseAddress the request goes through node:http to checked addresses only; the same limits hold.
const anyAddress = () => undefined;

let server: Server;
let base: string;
before(async () => {
  server = createServer((req, res) => {
    if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2_000).unref();
    if (req.url === "/big") return void res.end("x".repeat(5_000));
    if (req.url === "/trickle") {
      res.writeHead(200);
      const timer = setInterval(() => res.write("z"), 20);
      return void res.on("close", () => clearInterval(timer));
    }
    if (req.url === "/stream") {
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write("y".repeat(1_000));
      return void res.end();
    }
    res.writeHead(201, { "X-Test": "1" }).end("hello");
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

test("status, headers and body come back", async () => {
  const r = await fetchText(`${base}/ok`);
  assert.equal(r.status, 201);
  assert.equal(r.headers.get("x-test"), "1");
  assert.equal(r.body, "hello");
});

test("a slow answer is a timeout naming the host", async () => {
  await assert.rejects(fetchText(`${base}/slow`, { timeoutMs: 100 }), (e: unknown) => e instanceof FetchError && e.kind === "timeout" && /did not answer within 0.1 s/.test(e.message));
});

test("a body that trickles past the time limit is a timeout too, fetched directly or checked", async () => {
  for (const o of [{}, { refuseAddress: anyAddress }]) {
    await assert.rejects(fetchText(`${base}/trickle`, { timeoutMs: 150, ...o }), (e: unknown) => e instanceof FetchError && e.kind === "timeout" && /did not answer within 0.15 s/.test(e.message));
  }
});

test("an answer over the size limit is refused, declared or streamed", async () => {
  await assert.rejects(fetchText(`${base}/big`, { maxBytes: 1_000 }), (e: unknown) => e instanceof FetchError && e.kind === "too_large");
  await assert.rejects(fetchText(`${base}/stream`, { maxBytes: 2_500 }), (e: unknown) => e instanceof FetchError && e.kind === "too_large");
});

test("a closed port is unreachable", async () => {
  const closed = createServer();
  await new Promise<void>((ok) => closed.listen(0, "127.0.0.1", ok));
  const port = (closed.address() as { port: number }).port;
  await new Promise<void>((ok) => closed.close(() => ok()));
  await assert.rejects(fetchText(`http://127.0.0.1:${port}/`), (e: unknown) => e instanceof FetchError && e.kind === "unreachable");
});


test("checked: status, headers and body come back, and the request headers go out", async () => {
  const r = await fetchText(`${base}/ok`, { refuseAddress: anyAddress, headers: { Accept: "text/xml" } });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get("x-test"), "1");
  assert.equal(r.body, "hello");
});

test("checked: a slow answer is a timeout; an answer over the limit is refused, declared or streamed", async () => {
  await assert.rejects(fetchText(`${base}/slow`, { timeoutMs: 100, refuseAddress: anyAddress }), (e: unknown) => e instanceof FetchError && e.kind === "timeout");
  await assert.rejects(fetchText(`${base}/big`, { maxBytes: 1_000, refuseAddress: anyAddress }), (e: unknown) => e instanceof FetchError && e.kind === "too_large");
  await assert.rejects(fetchText(`${base}/stream`, { maxBytes: 2_500, refuseAddress: anyAddress }), (e: unknown) => e instanceof FetchError && e.kind === "too_large");
});

test("checked: a name is resolved and its addresses are asked about; the first refused one stops the request", async () => {
  const asked: string[] = [];
  const refuse = (address: string) => (asked.push(address), "not this one");
  const port = new URL(base).port;
  await assert.rejects(fetchText(`http://localhost:${port}/ok`, { refuseAddress: refuse }), (e: unknown) => e instanceof FetchError && e.kind === "refused" && /localhost:\d+ \((127\.0\.0\.1|::1)\) may not be reached: not this one/.test(e.message));
  assert.equal(asked.length, 1);
});
