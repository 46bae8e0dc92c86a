// Upstreams that never finish (see tests/fakes/stalled-upstream.ts): the request that waits on one ends within
// its configured bound with an error that says what happened, and the server answers others meanwhile — nothing
// waits on the event loop.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createSource, saveTokens } from "../../db/contact-sources.ts";
import { startSilentUpstream, startTricklingUpstream, type StalledUpstream } from "../fakes/stalled-upstream.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
let silent: StalledUpstream;
let trickling: StalledUpstream;

const phone = (id: string, host: string) => `  ${id}:\n    mac: "0011223344${id.slice(-2)}"\n    devicename: "SEP0011223344${id.slice(-2)}"\n    host: "${host}"\n    username: u\n    password: p\n`;

before(async () => {
  silent = await startSilentUpstream();
  trickling = await startTricklingUpstream();
  server = await startTestServer({
    "switchboard.yml": `dialer: {timeout_seconds: 1}
contacts:
  timeout_seconds: 1
  fritzbox_allowed_addresses: [127.0.0.1]
  providers:
    sipgate: {client_id: c, client_secret: s, token_url: "${silent.url}/token", api_url: "${trickling.url}/v2"}
`,
    "phones.yml": `phones:\n${phone("silent-01", silent.host)}${phone("trickle-02", trickling.host)}`,
  });
});
after(async () => {
  await server.close();
  await silent.close();
  await trickling.close();
});

/** Runs `slow` and, while it waits, asks /health: it must answer at once. */
async function whileWaiting(slow: () => Promise<{ status: number; body: string }>): Promise<{ status: number; body: string; seconds: number }> {
  const started = Date.now();
  const pending = slow();
  await new Promise((r) => setTimeout(r, 200));
  const healthStarted = Date.now();
  assert.equal((await server.get("/health")).status, 200);
  assert.ok(Date.now() - healthStarted < 500, "/health answered while the upstream hung");
  const res = await pending;
  return { ...res, seconds: (Date.now() - started) / 1000 };
}

const dial = (devicename: string) => () => server.request("/api/dialer/dial", {
  method: "POST",
  headers: { "Content-Type": "application/json", Origin: server.url },
  body: JSON.stringify({ devicename, number: "1234" }),
});

test("a phone whose CGI endpoint accepts the connection and never answers: 502 after dialer.timeout_seconds, saying so", async () => {
  const res = await whileWaiting(dial("SEP001122334401"));
  assert.equal(res.status, 502);
  assert.match(JSON.parse(res.body).error, /silent-01 did not take the call: .*did not answer within 1 s/);
  assert.ok(res.seconds >= 0.9 && res.seconds < 4, `gave up after ${res.seconds} s`);
  assert.ok(silent.connections() >= 1, "the phone was asked");
});

test("a phone that answers but trickles its body forever: 502 after dialer.timeout_seconds, not a hang", async () => {
  const res = await whileWaiting(dial("SEP001122334402"));
  assert.equal(res.status, 502);
  assert.match(JSON.parse(res.body).error, /trickle-02 did not take the call: .*within 1 s/);
  assert.ok(res.seconds >= 0.9 && res.seconds < 4, `gave up after ${res.seconds} s`);
});

/** "Sync now" on the Contact sources page. */
const syncNow = (key: string) => () => server.request(`/api/admin/contact-sources/${key}/sync`, { method: "POST", headers: { "Content-Type": "application/json", Origin: server.url } });

test("contact sources: a silent FRITZ!Box, token endpoint or a trickling API each fail after contacts.timeout_seconds, shown as the source's error", async () => {
  createSource(server.app.db, { key: "fritz-silent", provider: "fritzbox", source_url: `${silent.url}/books/0.xml` });
  const expired = createSource(server.app.db, { key: "sipgate-refresh", provider: "sipgate" });
  saveTokens(server.app.db, expired.id, { access_token: "old", access_token_expires_at: new Date(Date.now() - 60_000).toISOString(), refresh_token: "r" });
  const fresh = createSource(server.app.db, { key: "sipgate-api", provider: "sipgate" });
  saveTokens(server.app.db, fresh.id, { access_token: "a", access_token_expires_at: new Date(Date.now() + 3_600_000).toISOString(), refresh_token: "r" });
  const expected: [string, RegExp][] = [
    ["fritz-silent", /127\.0\.0\.1:\d+ did not answer within 1 s/],
    ["sipgate-refresh", /token endpoint could not be used: .*did not answer within 1 s/],
    ["sipgate-api", /127\.0\.0\.1:\d+ did not answer within 1 s/],
  ];
  for (const [key, error] of expected) {
    const res = await whileWaiting(syncNow(key));
    assert.equal(res.status, 200, res.body);
    const view = JSON.parse(res.body);
    assert.equal(view.ok, false, key);
    assert.match(view.last_error, error, key);
    assert.ok(res.seconds >= 0.9 && res.seconds < 4, `${key} gave up after ${res.seconds} s`);
  }
});
