// "A phone may read only its own profile" (issue 12, DESIGN §5.1): every MPP phone sends its MAC in the
// User-Agent; when it does, only that MAC's profile is served. Without a MAC in the User-Agent the lookup is as
// before (path, then the client address).
import assert from "node:assert/strict";
import { after, before, test, type TestContext } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { profileParams } from "../helpers/xml.ts";
import { captureLog } from "../helpers/log.ts";

const PHONES = `phones:
  desk:
    mac: "00:56:2b:04:36:15"
    serial_number: "FCH0001DESK"
    Station_Name: desk
    Password_1_: desk-sip-password
  lobby:
    mac: "00:56:2b:04:36:16"
    serial_number: "FCH0002LOBY"
    Station_Name: lobby
    Password_1_: lobby-sip-password
  old-phone:
    ip_address: "127.0.0.1"
    Station_Name: old-phone
    Password_1_: old-sip-password
`;
const DESK_UA = { "User-Agent": "Cisco-CP-8851-3PCC/11.3.7 (00562b043615)" };

let server: TestServer;
before(async () => {
  server = await startTestServer({ "phones.yml": PHONES, "switchboard.yml": 'public_url: "http://pbx.test:8080"\n' });
});
after(() => server.close());

const station = (body: string) => profileParams(body).get("Station_Name")?.value;

test("a phone gets its own profile by MAC, serial number or ID", async () => {
  for (const path of ["/00562b043615.xml", "/00:56:2B:04:36:15.xml", "/FCH0001DESK.xml", "/desk.xml", "/$MA-unknown.xml"]) {
    const res = await server.get(path, { headers: DESK_UA });
    assert.equal(res.status, 200, path);
    assert.equal(station(res.body), "desk", path);
  }
});

test("another phone's profile, by MAC, serial number or ID, is 403 with a sentence saying why", async () => {
  for (const path of ["/00562b043616.xml", "/00-56-2b-04-36-16.xml", "/FCH0002LOBY.xml", "/lobby.xml", "/old-phone.xml", "/aabbccddeeff.xml"]) {
    const res = await server.get(path, { headers: DESK_UA });
    assert.equal(res.status, 403, path);
    assert.match(res.body, /This phone \(00:56:2b:04:36:15\) may read only its own profile/, path);
    assert.doesNotMatch(res.body, /sip-password/, path);
  }
});

test("the refusal is logged with the phone and what it asked for", async (t: TestContext) => {
  const lines = captureLog(t, "warn");
  await server.get("/lobby.xml", { headers: DESK_UA });
  assert.match(lines.join(""), /WARN phone 00:56:2b:04:36:15 at 127\.0\.0\.1 asked for \/lobby\.xml, the profile of phone "lobby": refused/);
});

test("a phone that names an unknown MAC on a reused address does not get the old phone's profile", async () => {
  const res = await server.get("/some-path.xml", { headers: { "User-Agent": "Cisco-CP-8851-3PCC/11.3.7 (d4adbeef0001)" } });
  assert.equal(res.status, 404, "old-phone is configured at 127.0.0.1, but this phone is not old-phone");
  assert.doesNotMatch(res.body, /old-sip-password/);
  const bootstrap = await server.get("/CP-8851-3PCC.xml", { headers: { "User-Agent": "Cisco-CP-8851-3PCC/11.3.7 (d4adbeef0001)" } });
  assert.equal(bootstrap.status, 200, "a factory-reset phone still gets its bootstrap profile");
  assert.doesNotMatch(bootstrap.body, /sip-password/);
});

test("without a MAC in the User-Agent, any phone's profile is served as before (path, then client address)", async () => {
  const userAgents: Record<string, string>[] = [{}, { "User-Agent": "curl/8.0" }, { "User-Agent": "Cisco-CP-8851-3PCC/11.3.7" }];
  for (const headers of userAgents) {
    assert.equal(station((await server.get("/lobby.xml", { headers })).body), "lobby");
    assert.equal(station((await server.get("/00562b043615.xml", { headers })).body), "desk");
    assert.equal(station((await server.get("/anything.xml", { headers })).body), "old-phone", "the client address");
  }
});
