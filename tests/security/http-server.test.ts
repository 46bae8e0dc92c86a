// The HTTP server defends itself (issue 12): slow headers, stalled bodies and idle kept-alive connections are
// disconnected; connections are capped per address and in total, with a 503 beyond; a client that goes away
// mid-request is no "ERROR 500". Real sockets (node:net) against a server with shortened limits.
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { test, type TestContext } from "node:test";
import { hashPassword } from "../../lib/basic-auth.ts";
import type { ServerLimits } from "../../lib/server-limits.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { startLogCapture } from "../helpers/log.ts";

async function serve(t: TestContext, limits: Partial<ServerLimits>, files: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer(files, { limits });
  t.after(() => server.close());
  return server;
}

/** A raw connection that records what the server sends and when it closes. */
interface Raw {
  socket: Socket;
  received: () => string;
  closed: Promise<number>;
}

async function open(server: TestServer): Promise<Raw> {
  const socket = connect(server.port, "127.0.0.1");
  let data = "";
  socket.setEncoding("utf8");
  socket.on("data", (d) => (data += d));
  socket.on("error", () => {});
  const started = performance.now();
  const closed = new Promise<number>((ok) => socket.once("close", () => ok(performance.now() - started)));
  await new Promise<void>((ok, fail) => {
    socket.once("connect", ok);
    socket.once("error", fail);
  });
  return { socket, received: () => data, closed };
}

/** Resolves with the time the connection took to close, or rejects when it is still open after `ms`. */
function closedWithin(raw: Raw, ms: number): Promise<number> {
  return Promise.race([raw.closed, new Promise<number>((_, fail) => setTimeout(() => fail(new Error(`still open after ${ms} ms`)), ms).unref())]);
}

/** Collects the log lines written while `run` runs (tests are silent otherwise). */
async function logged(t: TestContext, run: () => Promise<void>): Promise<string> {
  const capture = startLogCapture("debug");
  t.after(() => capture.stop());
  try {
    await run();
  } finally {
    capture.stop();
  }
  return capture.lines.join("");
}

test("a client that sends no complete headers within the headers timeout is disconnected", async (t) => {
  const server = await serve(t, { headersTimeoutMs: 300 });
  const slow = await open(server);
  slow.socket.write("GET /health HTTP/1.1\r\nHost: x\r\n");
  const silent = await open(server);
  // Today's 60 s (and no limit at all for a connection that sends nothing) would hold both.
  assert.ok((await closedWithin(slow, 3_000)) >= 250, "not before its time");
  await closedWithin(silent, 3_000);
  assert.match(slow.received(), /^HTTP\/1\.1 408/, "told why");
});

test("a client that stalls its request body is disconnected after the body-idle timeout", async (t) => {
  const server = await serve(t, { bodyIdleTimeoutMs: 300 });
  let raw!: Raw;
  const log = await logged(t, async () => {
    raw = await open(server);
    raw.socket.write("POST /report HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<flat-profile>");
    await closedWithin(raw, 3_000);
    await new Promise((ok) => setTimeout(ok, 100));
  });
  assert.equal(raw.received(), "", "no answer: the request never arrived");
  assert.match(log, /stalled/, "logged as a stalled client");
  assert.doesNotMatch(log, /ERROR|500/, log);
});

test("a kept-alive connection's next request that stalls its body is disconnected after the body-idle timeout too", async (t) => {
  const server = await serve(t, { bodyIdleTimeoutMs: 300, keepAliveTimeoutMs: 10_000 });
  let raw!: Raw;
  const log = await logged(t, async () => {
    raw = await open(server);
    raw.socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    while (!raw.received().includes("\r\n\r\n")) await new Promise((ok) => setTimeout(ok, 10));
    // The wait between requests runs on the keep-alive timeout (10 s here); this request's stalled body on 300 ms.
    raw.socket.write("POST /report HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<flat-profile>");
    await closedWithin(raw, 3_000);
    await new Promise((ok) => setTimeout(ok, 100));
  });
  assert.match(raw.received(), /^HTTP\/1\.1 200/);
  assert.match(log, /stalled/, "logged as a stalled client");
});

test("the body-idle timeout does not cut an answer the server is still working on", async (t) => {
  // A deliberately costly password hash (scrypt with N = 2^16) keeps the guard busy several times the timeout.
  const slowHash = hashPassword("pw").replace("scrypt$16384$", "scrypt$65536$");
  const server = await serve(t, { bodyIdleTimeoutMs: 40 }, { "serviceconfig.yml": `auth:\n  enabled: true\n  users:\n    admin: {username: admin, password: "${slowHash}", role: admin}\n` });
  const started = performance.now();
  const res = await server.get("/status", { headers: { Authorization: `Basic ${Buffer.from("admin:pw").toString("base64")}` } });
  assert.equal(res.status, 401, "the hash was not made for this password; only the time matters");
  assert.ok(performance.now() - started > 40, "the check took longer than the body-idle timeout");
});

test("an idle kept-alive connection is closed after the keep-alive timeout", async (t) => {
  const server = await serve(t, { keepAliveTimeoutMs: 200 });
  const raw = await open(server);
  raw.socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  const idle = await closedWithin(raw, 3_000);
  assert.match(raw.received(), /^HTTP\/1\.1 200/);
  assert.match(raw.received(), /\r\nKeep-Alive: timeout=\d+\r\n/i);
  assert.ok(idle < 2_000, `closed after ${idle} ms`);
});

test("connections beyond the cap for one address are answered 503 with Retry-After", async (t) => {
  const server = await serve(t, { maxConnectionsPerAddress: 5 });
  const held = await Promise.all(Array.from({ length: 5 }, () => open(server)));
  t.after(() => held.forEach((h) => h.socket.destroy()));
  const extra = await open(server);
  extra.socket.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
  await closedWithin(extra, 3_000);
  assert.match(extra.received(), /^HTTP\/1\.1 503 /);
  assert.match(extra.received(), /\r\nRetry-After: \d+\r\n/i);
  assert.match(extra.received(), /Too many connections from your address/);
  held[0].socket.destroy();
  await held[0].closed;
  await new Promise((ok) => setTimeout(ok, 50));
  assert.equal((await server.get("/health")).status, 200, "a freed place is taken again");
});

test("connections beyond the total cap are answered 503, whatever their address", async (t) => {
  const server = await serve(t, { maxConnections: 3 });
  const held = await Promise.all(Array.from({ length: 3 }, () => open(server)));
  t.after(() => held.forEach((h) => h.socket.destroy()));
  const extra = await open(server);
  await closedWithin(extra, 3_000);
  assert.match(extra.received(), /^HTTP\/1\.1 503 /);
  assert.match(extra.received(), /as many connections as it takes/);
});

test("a trusted proxy carries many clients: it is held only to the total cap", async (t) => {
  const server = await serve(t, { maxConnectionsPerAddress: 2 }, { "switchboard.yml": "trusted_proxies: [127.0.0.1]\n" });
  const held = await Promise.all(Array.from({ length: 4 }, () => open(server)));
  t.after(() => held.forEach((h) => h.socket.destroy()));
  assert.equal((await server.get("/health")).status, 200);
});

test("by default one host cannot hold thousands of half-open requests", async (t) => {
  const server = await serve(t, {});
  const sockets = await Promise.all(Array.from({ length: 300 }, () => open(server)));
  t.after(() => sockets.forEach((s) => s.socket.destroy()));
  for (const s of sockets) s.socket.write("GET /health HTTP/1.1\r\nHost: x\r\n");
  // The server takes the connections from its accept queue at its own pace: wait for it (well inside the 10 s
  // headers timeout, after which the held ones would go too).
  const refused = () => sockets.filter((s) => s.received().startsWith("HTTP/1.1 503")).length;
  for (const until = performance.now() + 6_000; refused() < 200 && performance.now() < until; ) await new Promise((ok) => setTimeout(ok, 50));
  assert.equal(refused(), 200, "100 held, the other 200 refused");
});

test("a client that closes its connection mid-body is no ERROR 500", async (t) => {
  const server = await serve(t, {});
  const log = await logged(t, async () => {
    const raw = await open(server);
    raw.socket.write("POST /report HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n<flat-profile>");
    await new Promise((ok) => setTimeout(ok, 100));
    raw.socket.destroy();
    await raw.closed;
    await new Promise((ok) => setTimeout(ok, 200));
  });
  assert.doesNotMatch(log, /ERROR/, log);
  assert.match(log, /closed the connection/, "a debug line says what happened");
  assert.equal((await server.get("/health")).status, 200);
});

test("a client that goes away while the server works on its answer is no error either", async (t) => {
  const slowHash = hashPassword("pw").replace("scrypt$16384$", "scrypt$65536$");
  const server = await serve(t, {}, { "serviceconfig.yml": `auth:\n  enabled: true\n  users:\n    admin: {username: admin, password: "${slowHash}", role: admin}\n` });
  const log = await logged(t, async () => {
    const raw = await open(server);
    raw.socket.write(`GET /status HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${Buffer.from("admin:pw").toString("base64")}\r\n\r\n`);
    await new Promise((ok) => setTimeout(ok, 10));
    raw.socket.destroy();
    await new Promise((ok) => setTimeout(ok, 500));
  });
  assert.doesNotMatch(log, /ERROR/, log);
  assert.equal((await server.get("/health")).status, 200);
});
