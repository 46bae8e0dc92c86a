// Hostile input through HTTP (issue 19): a sample of each endpoint family gets fuzzed bodies, headers and query
// strings (tests/helpers/fuzz.ts, budget FUZZ_MS): the answer is a 2xx or a 4xx, never a 5xx; /health answers
// after; a refused request stores nothing. Then the named cases: billion laughs and external entities, 50 MB
// bodies, overlong headers, `..`, SQL metacharacters and CRLF in every path parameter of the table.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, test } from "node:test";
import { describeRoutes } from "../../lib/router.ts";
import { routes } from "../../routes/table.ts";
import { acrobitsContacts } from "../fixtures/acrobits-contacts.ts";
import { manyContacts, sourceWith } from "../fixtures/contacts.ts";
import { bulkParams, reportXml } from "../fakes/phone.ts";
import { basic, PROPFIND_BASICS, syncCollection } from "../helpers/dav.ts";
import { xmllint } from "../helpers/xml.ts";
import { FUZZ_MS, fuzz } from "../helpers/fuzz.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";
import { digestAuthorization, seedAccount, seedApiKey } from "../helpers/sip-api.ts";
import { syncUser } from "../sync/helpers.ts";

const BOOK = "fuzzbook000000000000";
/** The HTTP samples get a quarter of a parser's budget each: the parsers themselves are fuzzed at unit level. */
const MS = Math.max(200, FUZZ_MS / 4);

let server: TestServer;
let adminKey: string;
let syncToken: string;
before(async () => {
  server = await startTestServer({ "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG, "switchboard.yml": "public_url: http://pbx.example.com\naccounts: {sip_domain: sip.example.com}\ntrusted_proxies: [127.0.0.1]\n" });
  sourceWith(server.app, BOOK, manyContacts(40));
  adminKey = seedApiKey(server.app.db, seedAccount(server.app.db, { username: "fuzz-admin", admin: 1 }));
  const { client } = await syncUser(server);
  syncToken = client.token;
  assert.equal((await client.putDevice("d1")).status, 201);
});
after(() => server.close());

const rows = (table: string): number => (server.app.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

async function send(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<{ status: number; body: string; headers: Headers }> {
  const sent = body === undefined || method === "GET" ? undefined : typeof body === "string" ? body : new Uint8Array(body);
  const res = await fetch(server.url + path, { method, headers, body: sent, redirect: "manual" });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** Sends `input` as asked, and checks the answer is no 5xx and that a refusal changed none of `table`'s rows. */
async function answersCleanly(method: string, path: string, headers: Record<string, string>, input: Buffer, table?: string): Promise<void> {
  const before = table ? rows(table) : 0;
  const res = await send(method, path, headers, input);
  assert.ok(res.status < 500, `${method} ${path}: ${res.status} ${res.body.slice(0, 200)}`);
  if (table && res.status >= 400) assert.equal(rows(table), before, `a refused ${method} ${path} stored nothing in ${table}`);
}

async function healthAnswers(): Promise<void> {
  assert.equal((await send("GET", "/health", {})).status, 200);
}

const BILLION_LAUGHS = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`).join("")}]><flat-profile><A>&lol9;</A></flat-profile>`;
const EXTERNAL_ENTITY = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><flat-profile><A>&xxe;</A></flat-profile>`;

test("report XML through POST /report: 2xx or 4xx, a refused report is not stored", async () => {
  const corpus = [reportXml(bulkParams(30, { Password_1_: "pw" })), reportXml({ A: "1" }, ["device"]), BILLION_LAUGHS, EXTERNAL_ENTITY];
  await fuzz("POST /report", corpus, (input) => answersCleanly("POST", "/report/001122334455", { "Content-Type": "text/xml" }, input, "reports"), { ms: MS, minCases: 10, salt: 11 });
  for (const hostile of [BILLION_LAUGHS, EXTERNAL_ENTITY]) {
    const res = await send("POST", "/report/001122334455", { "Content-Type": "text/xml" }, hostile);
    assert.equal(res.status, 400, "a DOCTYPE is refused before any entity is read");
    assert.doesNotMatch(res.body, /root:|lollol/);
  }
  await healthAnswers();
});

test("CardDAV request bodies: 2xx or 4xx", async () => {
  const corpus = [PROPFIND_BASICS, syncCollection("http://x/sync/1"), BILLION_LAUGHS.replace("flat-profile", "d:propfind")];
  const headers = { Authorization: basic("phone", BOOK), Depth: "1", "Content-Type": "application/xml" };
  await fuzz("PROPFIND /carddav", corpus, (input) => answersCleanly("PROPFIND", `/carddav/${BOOK}/`, headers, input), { ms: MS, minCases: 10, salt: 12 });
  await healthAnswers();
});

test("JSON bodies: Contact Sync uploads and account creation answer 2xx or 4xx, and a refusal stores nothing", async () => {
  const sync = { Authorization: `Bearer ${syncToken}`, "Content-Type": "application/json" };
  await fuzz("POST sync contacts", [JSON.stringify({ upsert: acrobitsContacts(3), delete: [] })], (input) => answersCleanly("POST", "/sync/devices/d1/contacts", sync, input, "sync_contacts"), { ms: MS, minCases: 10, salt: 13 });
  const admin = { "x-api-key": adminKey, "Content-Type": "application/json" };
  const account = JSON.stringify({ username: "fuzzed", password: "pw-123456", algorithm: "SHA-256", email: "f@example.com", display_name: "F" });
  await fuzz("POST /api/accounts", [account], (input) => answersCleanly("POST", "/api/accounts", admin, input, "accounts"), { ms: MS, minCases: 10, salt: 14 });
  await healthAnswers();
});

let addresses = 0;
/** A new client address each time (through the trusted proxy): fuzzed keys and Digest answers are wrong guesses, and
 * the limiters would otherwise lock this test's address out of the tests after it. */
const fromNewAddress = () => ({ "X-Forwarded-For": `198.18.${Math.floor(++addresses / 250) % 250}.${(addresses % 250) + 1}` });

test("query strings and Digest Authorization headers: 2xx or 4xx", async () => {
  // Bytes a URL cannot carry are percent-encoded; everything else, broken escapes included, goes as fuzzed.
  const asQuery = (b: Buffer) => [...b].map((c) => (c > 0x20 && c < 0x7f && c !== 0x23 ? String.fromCharCode(c) : `%${c.toString(16).padStart(2, "0")}`)).join("");
  await fuzz("GET /cisco/directory?", [`key=${BOOK}&q=Person&page=2`, `key=${BOOK},${BOOK}&n=%2B49170`], (input) => answersCleanly("GET", `/cisco/directory?${asQuery(input)}`, fromNewAddress(), Buffer.alloc(0)), { ms: MS, minCases: 10, salt: 15 });
  const digest = digestAuthorization({ realm: "sip.example.com", nonce: "abc", opaque: "o", algorithm: "MD5", qop: "auth" }, { username: "fuzz-admin", password: "secret-123", method: "GET", uri: "/api/accounts/me", nc: 1 });
  // A header value carries no control characters but tab (clients refuse to send them); any other octet goes.
  const asHeader = (b: Buffer) => b.toString("latin1").replace(/[\0-\x08\n-\x1f\x7f]/g, " ");
  await fuzz("Authorization: Digest", [digest], (input) => answersCleanly("GET", "/api/accounts/me", { ...fromNewAddress(), Authorization: asHeader(input), From: "sip:fuzz-admin@sip.example.com" }, Buffer.alloc(0)), { ms: MS, minCases: 10, salt: 16 });
  await healthAnswers();
});

/** Streams `megabytes` of `chunk` to `path`; resolves with the status as soon as the server answers. */
function stream(method: string, path: string, headers: Record<string, string>, megabytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(server.url + path, { method, headers: { ...headers, "Transfer-Encoding": "chunked" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", (err) => (/ECONNRESET|EPIPE/.test(String(err)) ? undefined : reject(err)));
    const mb = Buffer.alloc(1024 * 1024, "a");
    let sent = 0;
    const more = (): void => {
      while (sent < megabytes) {
        sent++;
        if (!req.write(mb)) return void req.once("drain", more);
      }
      req.end();
    };
    more();
  });
}

test("50 MB bodies are refused with 413 as they arrive, nothing is stored, /health answers meanwhile", async () => {
  const before = { reports: rows("reports"), accounts: rows("accounts"), contacts: rows("sync_contacts") };
  const started = performance.now();
  const [report, account, upload] = await Promise.all([
    stream("POST", "/report/001122334455", { "Content-Type": "text/xml" }, 50),
    stream("POST", "/api/accounts", { "x-api-key": adminKey, "Content-Type": "application/json" }, 50),
    stream("POST", "/sync/devices/d1/contacts", { Authorization: `Bearer ${syncToken}`, "Content-Type": "application/json" }, 50),
    healthAnswers(),
  ]);
  assert.deepEqual([report, account, upload], [413, 413, 413]);
  assert.ok(performance.now() - started < 10_000, "refused as the limit is reached, not after reading 150 MB");
  assert.deepEqual({ reports: rows("reports"), accounts: rows("accounts"), contacts: rows("sync_contacts") }, before);
  await healthAnswers();
});

test("an overlong header value is refused (431), and the server answers the next request", async () => {
  for (const name of ["User-Agent", "Authorization", "Cookie"]) {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(server.url + "/report/001122334455", { method: "GET", headers: { [name]: "x".repeat(64 * 1024) } }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
      req.on("error", reject);
      req.end();
    });
    assert.equal(status, 431, name);
  }
  await healthAnswers();
});

/** Values for path parameters that must never reach a file, a query or a header as they are. */
const HOSTILE_PARAMS = ["..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..", "x'%20OR%20'1'%3D'1", "1%3B%20DROP%20TABLE%20accounts", "a%0D%0AX-Injected%3A%201", "%00", "%C0%AF", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"];

test("`..`, SQL metacharacters, CRLF and invalid UTF-8 in every path parameter of the table: no 5xx, no file, no header", async () => {
  // The right credentials of each family, so the value reaches the handler.
  const credentials: Record<string, Record<string, string>> = {
    phone: {}, key: {}, bearer: { Authorization: `Bearer ${syncToken}` }, sip: { "x-api-key": adminKey }, "sip(admin)": { "x-api-key": adminKey }, "sip(basic)": { "x-api-key": adminKey },
    "key(basic)|role(admin|user)": { Authorization: basic("admin", "admin-pass") },
  };
  const wrong: string[] = [];
  const before = { accounts: rows("accounts"), reports: rows("reports") };
  for (const r of await describeRoutes(routes)) {
    if (!r.path.includes(":") || !r.methods.includes("GET")) continue;
    const headers = credentials[r.guard] ?? (r.guard.startsWith("role(") ? { Authorization: basic("admin", "admin-pass") } : {});
    const query = r.guard === "key" || r.query?.includes("key") ? `?key=${BOOK}` : "";
    await Promise.all(HOSTILE_PARAMS.map(async (value) => {
      const path = r.path.replace(/:([A-Za-z_]+)/g, value) + query;
      const res = await send("GET", path, headers);
      if (res.status >= 500 || /root:.*:0:0:/.test(res.body) || res.headers.has("x-injected")) wrong.push(`GET ${path}: ${res.status}`);
    }));
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual({ accounts: rows("accounts"), reports: rows("reports") }, before, "nothing dropped, nothing stored");
  await healthAnswers();
});

test("CRLF in a query value that reaches a header (the directory's Refresh paging URL) is no header of its own", async () => {
  const res = await send("GET", `/cisco/directory?key=${BOOK}&q=Person%0D%0AX-Injected:%201&page=1`, {});
  assert.ok(res.status < 500, String(res.status));
  assert.equal(res.headers.get("x-injected"), null);
  res.headers.forEach((value) => assert.doesNotMatch(value, /[\r\n]/));
});

test("a PROPFIND naming a property by any XML name gets it back in a 404 propstat, as a parser not ours reads it (fuzz finding: 500)", async () => {
  const body = `<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:x="urn:x"><d:prop><d:getetag/><x:größe\uFFFD-data/></d:prop></d:propfind>`;
  const res = await send("PROPFIND", `/carddav/${BOOK}/`, { Authorization: basic("phone", BOOK), Depth: "0", "Content-Type": "application/xml" }, body);
  assert.equal(res.status, 207, res.body.slice(0, 300));
  xmllint(res.body);
  assert.match(res.body, /größe\uFFFD-data/);
});
