import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, test } from "node:test";
import { sourceWith, tel } from "../fixtures/contacts.ts";
import { startPhoneCgi, type PhoneCgi } from "../fakes/phone-cgi.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { parseXml } from "../helpers/xml.ts";

let server: TestServer;
let phone: PhoneCgi;

const SERVICE = `ip_whitelist: ["127.0.0.1"]
auth:
  enabled: true
  users:
    boss: {username: "boss", password: "admin-pw", role: "admin"}
    clerk: {username: "clerk", password: "user-pw", role: "user"}
    watcher: {username: "watcher", password: "mon-pw", role: "monitor"}
`;
const basic = (u: string, p: string) => ({ Authorization: "Basic " + Buffer.from(`${u}:${p}`).toString("base64") });

before(async () => {
  phone = await startPhoneCgi("cgiuser", "cgi&pass");
  server = await startTestServer({
    "serviceconfig.yml": SERVICE,
    "switchboard.yml": "directory:\n  default_keys: [book]\ndialer: {timeout_seconds: 2}\n",
    "phones.yml": `phones:
  desk:
    mac: "001122334455"
    label: "Front desk"
    devicename: "SEP001122334455"
    host: "${phone.host}"
    username: "cgiuser"
    password: "cgi&pass"
  wrongpw:
    mac: "001122334466"
    devicename: "SEP001122334466"
    host: "${phone.host}"
    username: "cgiuser"
    password: "nope"
  browseronly:
    mac: "001122334477"
    label: "Lab"
    devicename: "SEP001122334477"
    ip_address: "127.0.0.1"
  gone:
    mac: "001122334488"
    devicename: "SEP001122334488"
    host: "127.0.0.1:1"
    username: "u"
    password: "p"
`,
  });
  sourceWith(server.app, "book", [
    { display_name: "Anna Müller", numbers: [tel("mobile", "+49 170 1234567"), tel("work", "030 1234")] },
    { display_name: "Bernd Beispiel", numbers: [tel("work", "+43 1 234567")] },
  ]);
});
after(async () => {
  await server.close();
  await phone.close();
});

/** A dial request as the dialer page sends it: JSON, from the page's own origin. */
const dial = (body: unknown, who = basic("clerk", "user-pw"), origin: string | undefined = server.url) =>
  server.request("/api/dialer/dial", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(origin ? { Origin: origin } : {}), ...who },
    body: JSON.stringify(body),
  });

test("a user dials: CGI Execute with the phone's Basic credentials and the Dial XML", async () => {
  phone.next = "ok";
  phone.received.length = 0;
  const res = await dial({ devicename: "SEP001122334455", number: "+49 30 1234-5" });
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(JSON.parse(res.body), { ok: true, number: "03012345", message: "Front desk is dialling 03012345." });
  const got = phone.received[0];
  assert.equal(got.path, "/CGI/Execute");
  assert.equal(got.authorization, "Basic " + Buffer.from("cgiuser:cgi&pass").toString("base64"));
  const xml = parseXml(got.xml!);
  assert.equal(xml.name, "CiscoIPPhoneExecute");
  assert.deepEqual(xml.children[0].attrs, { Priority: "0", URL: "Dial:03012345" });
});

test("each CiscoIPPhoneError becomes plain words", async (t) => {
  t.after(() => void (phone.next = "ok"));
  const words: Record<string, RegExp> = {
    "1": /could not parse the request/, "2": /framing error/, "3": /internal file error/, "4": /the phone rejected the credentials/,
    "status-5": /status 5 \(Busy\)/, garbage: /HTTP 500/,
  };
  for (const [next, expected] of Object.entries(words)) {
    phone.next = next as PhoneCgi["next"];
    const res = await dial({ devicename: "SEP001122334455", number: "1234" });
    assert.equal(res.status, 502, next);
    assert.match(JSON.parse(res.body).error, expected);
    assert.ok(!res.body.includes("cgi&pass"));
  }
});

test("wrong stored credentials: the phone rejected the credentials", async () => {
  const res = await dial({ devicename: "SEP001122334466", number: "1234" });
  assert.equal(res.status, 502);
  assert.match(JSON.parse(res.body).error, /the phone rejected the credentials/);
});

test("an unreachable phone is a 502 that says so", async () => {
  const gone = await dial({ devicename: "SEP001122334488", number: "1234" });
  assert.equal(gone.status, 502);
  assert.match(JSON.parse(gone.body).error, /could not be reached/);
});

test("an unknown phone is a 404", async () => {
  assert.equal((await dial({ devicename: "SEP999", number: "1234" })).status, 404);
});

test("a phone without CGI credentials is a 409 that says so (the browser dials it instead)", async () => {
  const noCreds = await dial({ devicename: "SEP001122334477", number: "1234" });
  assert.equal(noCreds.status, 409);
  assert.match(JSON.parse(noCreds.body).error, /no CGI credentials/);
});

test("a number with characters a phone cannot dial, or none at all, is a 422 and the phone is not asked", async () => {
  phone.received.length = 0;
  const bad = await dial({ devicename: "SEP001122334455", number: "12<34" });
  assert.equal(bad.status, 422);
  assert.equal((await dial({ devicename: "SEP001122334455" })).status, 422);
  assert.equal(phone.received.length, 0);
});

test("dialing needs a signed-in user or admin; a monitor may not", async () => {
  assert.equal((await dial({ devicename: "SEP001122334455", number: "1" }, {} as never)).status, 401);
  assert.equal((await dial({ devicename: "SEP001122334455", number: "1" }, basic("watcher", "mon-pw"))).status, 403);
  assert.equal((await dial({ devicename: "SEP001122334455", number: "1" }, basic("boss", "admin-pw"))).status, 200);
});

test("a dial request from another site is refused", async () => {
  phone.received.length = 0;
  const call = { devicename: "SEP001122334455", number: "1" };
  assert.equal((await dial(call, undefined, "https://evil.example")).status, 403);
  assert.equal((await dial(call, undefined, "")).status, 403, "no Origin at all (a form or an old client)");
  assert.equal((await dial(call, undefined, "null")).status, 403, "an opaque origin (a sandboxed frame)");
  assert.equal(phone.received.length, 0, "the phone was never asked to dial");
});

/** A POST with the Host header given (fetch would replace it with the address it connects to). */
function postWithHost(path: string, headers: Record<string, string>, body: string): Promise<number> {
  const url = new URL(server.url);
  return new Promise((done, fail) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: "POST", headers: { ...headers, "Content-Length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      done(res.statusCode!);
    });
    req.on("error", fail);
    req.end(body);
  });
}

test("a dial request whose Origin matches only its own Host header is refused (DNS rebinding)", async () => {
  phone.received.length = 0;
  const status = await postWithHost("/api/dialer/dial",
    { "Content-Type": "application/json", Host: "attacker.example", Origin: "http://attacker.example", ...basic("clerk", "user-pw") },
    JSON.stringify({ devicename: "SEP001122334455", number: "1" }));
  assert.equal(status, 403);
  assert.equal(phone.received.length, 0, "the phone was never asked to dial");
});

test("the phone list shows labels and device names, never credentials", async () => {
  const res = await server.get("/api/dialer/phones", { headers: basic("clerk", "user-pw") });
  const body = JSON.parse(res.body);
  assert.deepEqual(body.phones.map((p: { devicename: string; can_dial: boolean }) => [p.devicename, p.can_dial]), [
    ["SEP001122334455", true], ["SEP001122334466", true], ["SEP001122334477", false], ["SEP001122334488", true],
  ]);
  assert.ok(!res.body.includes("cgi&pass"));
  assert.equal(body.phones[2].host, "127.0.0.1");
});

test("the dialer learns how many default phone books there are, never their keys (a key reads the whole book)", async () => {
  const res = await server.get("/api/dialer/phones", { headers: basic("clerk", "user-pw") });
  assert.equal(JSON.parse(res.body).default_books, 1);
  assert.ok(!/\bbook\b/.test(res.body.replace(/"default_books"/, "")), res.body);
});

const suggest = (query: string) => server.get(`/api/dialer/suggest?${query}`, { headers: basic("clerk", "user-pw") });

test("suggestions come from the default keys, with dialable numbers", async () => {
  const res = await suggest("q=mull");
  assert.deepEqual(JSON.parse(res.body).suggestions, [
    { name: "Anna Müller", label: "Mobile", number: "+49 170 1234567", dial: "01701234567" },
    { name: "Anna Müller", label: "Work", number: "030 1234", dial: "0301234" },
  ]);
});

test("suggestions by digits from a given key; a foreign number is dialled with the international prefix", async () => {
  const other = await suggest("q=234567&key=book");
  assert.deepEqual(JSON.parse(other.body).suggestions.map((s: { dial: string }) => s.dial), ["01701234567", "00431234567"]);
});

test("suggestions for an unknown key are a 404", async () => {
  assert.equal((await suggest("q=x&key=nope")).status, 404);
});

test("an empty query suggests nothing", async () => {
  assert.deepEqual(JSON.parse((await suggest("q=")).body).suggestions, []);
});

test("the dialer page needs a sign-in and is served at /call and /call.php", async () => {
  assert.equal((await server.get("/call")).status, 401);
  for (const path of ["/call", "/call.php?devicename=SEP001122334455"]) {
    const res = await server.get(path, { headers: basic("clerk", "user-pw") });
    assert.equal(res.status, 200);
    assert.match(res.body, /<select id="phone"/);
  }
});
