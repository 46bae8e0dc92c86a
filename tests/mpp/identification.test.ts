// Identification must never hand a phone someone else's profile (issue 13, DESIGN §5.1): the path names the
// phone; a bootstrap name gets the bootstrap profile before any fallback; a User-Agent's MAC identifies by that MAC
// only; the client address counts only when neither the path nor the User-Agent names a phone. And a sighting is
// filed under the MAC the request names, never under the phone found by address. Client addresses come through
// X-Forwarded-For from 127.0.0.1, a trusted proxy.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getSighting } from "../../db/sightings.ts";
import { listUnknownPhones } from "../../db/unknown-phones.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { profileParams } from "../helpers/xml.ts";

const PHONES = `phones:
  reception:
    mac: "00:11:22:33:44:55"
    serial_number: "FCH2148ABCD"
    ip_address: "10.0.0.10"
    Station_Name: reception
    Password_1_: reception-sip-secret
    Admin_Password: reception-admin-secret
  lobby:
    mac: "00:11:22:33:44:66"
    ip_address: "10.0.0.11"
    Station_Name: lobby
    Password_1_: lobby-sip-secret
  legacy:
    ip_address: "10.0.0.12"
    Station_Name: legacy
    Password_1_: legacy-sip-secret
`;

let server: TestServer;
before(async () => {
  server = await startTestServer({
    "phones.yml": PHONES,
    "serviceconfig.yml": "ip_whitelist: [10.0.0.0/24]\nauth:\n  enabled: false\n",
    "switchboard.yml": "public_url: \"http://pbx.test:8080\"\ntrusted_proxies: ['127.0.0.1']\n",
  });
});
after(() => server.close());

const ua = (mac?: string, model = "CP-8841-3PCC", firmware = "12.0.1") => `Cisco-${model}/${firmware}${mac ? ` (${mac})` : ""}`;
const RECEPTION_UA = ua("001122334455");
const LOBBY_UA = ua("001122334466");
const STRANGER_UA = ua("aabbccddeeff");

type Expected = "reception" | "lobby" | "legacy" | "bootstrap" | 403 | 404;
// path × User-Agent × client address → the profile served (by Station_Name), the bootstrap profile, or a status.
const CASES: [path: string, userAgent: string | undefined, from: string, expected: Expected, why: string][] = [
  ["/001122334455.xml", undefined, "10.0.0.50", "reception", "the path's MAC, from any allowed address"],
  ["/00:11:22:33:44:55.xml", undefined, "10.0.0.11", "reception", "the path's MAC wins over lobby's address"],
  ["/0011.2233.4455.xml", undefined, "10.0.0.12", "reception", "Cisco's dotted MAC"],
  ["/reception.xml", undefined, "10.0.0.11", "reception", "the phone ID"],
  ["/FCH2148ABCD.xml", undefined, "10.0.0.11", "reception", "the serial number"],
  ["/001122334455.xml", RECEPTION_UA, "10.0.0.11", "reception", "its own MAC in path and User-Agent, from another phone's address"],
  ["/reception.xml", RECEPTION_UA, "10.0.0.50", "reception", "its own ID"],
  ["/anything.xml", RECEPTION_UA, "10.0.0.11", "reception", "a path naming nothing: the User-Agent's MAC, not lobby's address"],
  ["/anything.xml", LOBBY_UA, "10.0.0.10", "lobby", "the User-Agent's MAC, not reception's address"],
  ["/anything.xml", undefined, "10.0.0.10", "reception", "nothing named: the client address"],
  ["/anything.xml", ua(), "10.0.0.12", "legacy", "a User-Agent without a MAC: the client address"],
  ["/anything.xml", "curl/8.0", "10.0.0.11", "lobby", "no MPP User-Agent: the client address"],
  ["/anything.xml", undefined, "10.0.0.50", 404, "nothing named, no phone at the address"],
  ["/ZZZZZZZZZZZZ.xml", undefined, "10.0.0.10", 404, "a broken MAC names a phone: no address fallback"],
  ["/aabbccddeeff.xml", undefined, "10.0.0.10", 404, "an unknown MAC in the path: no address fallback"],
  ["/aa-bb-cc-dd-ee-ff.xml", undefined, "10.0.0.10", 404, "an unknown MAC, dashed"],
  ["/FCH9999WXYZ.xml", undefined, "10.0.0.10", 404, "an unknown serial number: no address fallback"],
  ["/aabbccddeeff.xml", STRANGER_UA, "10.0.0.10", 404, "a new phone on reception's reused address"],
  ["/anything.xml", STRANGER_UA, "10.0.0.10", 404, "a new phone naming its MAC only in the User-Agent"],
  ["/CP-8841-3PCC.xml", undefined, "10.0.0.10", "bootstrap", "a bootstrap name before the address fallback"],
  ["/8841-3PCC.xml", STRANGER_UA, "10.0.0.10", "bootstrap", "a factory-reset phone on a reused address"],
  ["/CP-6841.xml", RECEPTION_UA, "10.0.0.10", "bootstrap", "a bootstrap name before the User-Agent's MAC"],
  ["/001122334466.xml", RECEPTION_UA, "10.0.0.11", 403, "another phone's MAC (issue 12), even from its address"],
  ["/lobby.xml", RECEPTION_UA, "10.0.0.10", 403, "another phone's ID"],
  ["/legacy.xml", RECEPTION_UA, "10.0.0.12", 403, "a phone entry without a MAC is not this phone"],
  ["/aabbccddeeff.xml", RECEPTION_UA, "10.0.0.10", 403, "a MAC that is not the User-Agent's"],
];

const SECRETS: Record<string, string[]> = {
  reception: ["reception-sip-secret", "reception-admin-secret"],
  lobby: ["lobby-sip-secret"],
  legacy: ["legacy-sip-secret"],
};

test("which profile a request gets: path × User-Agent × client address", async () => {
  const wrong: string[] = [];
  for (const [path, userAgent, from, expected, why] of CASES) {
    const headers: Record<string, string> = { "X-Forwarded-For": from };
    if (userAgent) headers["User-Agent"] = userAgent;
    const res = await server.get(path, { headers });
    let got: Expected | number;
    if (res.status !== 200) got = res.status;
    else {
      const params = profileParams(res.body);
      got = params.has("Station_Name") ? (params.get("Station_Name")!.value as Expected) : params.has("Profile_Rule") ? "bootstrap" : 200;
    }
    if (got !== expected) wrong.push(`${path} UA ${userAgent ?? "(none)"} from ${from}: got ${got}, expected ${expected} (${why})`);
    const leaked = Object.values(SECRETS).flat().filter((s) => res.body.includes(s) && !SECRETS[expected]?.includes(s));
    if (leaked.length) wrong.push(`${path} UA ${userAgent ?? "(none)"} from ${from}: leaked ${leaked.join(", ")}`);
  }
  assert.deepEqual(wrong, []);
});

test("a new phone on a configured phone's address does not change that phone's sighting", async () => {
  await server.get("/001122334455.xml", { headers: { "User-Agent": ua("001122334455", "CP-6841-3PCC", "11.3.7"), "X-Forwarded-For": "10.0.0.10" } });
  const intruder = ua("d4adbeef0042", "CP-8851-3PCC", "12.0.5");
  for (const path of ["/d4adbeef0042.xml", "/ZZZZZZZZZZZZ.xml", "/CP-8851-3PCC.xml"]) {
    await server.get(path, { headers: { "User-Agent": intruder, "X-Forwarded-For": "10.0.0.10" } });
  }
  // The same phone once without the MAC in its User-Agent, asking for a path that names a phone: not reception.
  await server.get("/d4adbeef0042.xml", { headers: { "User-Agent": ua(undefined, "CP-8851-3PCC", "12.0.5"), "X-Forwarded-For": "10.0.0.10" } });
  server.app.sightings.flush();
  const reception = getSighting(server.app.db, "001122334455");
  assert.equal(reception?.model, "CP-6841-3PCC", "reception's row keeps its own model");
  assert.equal(reception?.firmware, "11.3.7");
  const stranger = listUnknownPhones(server.app.db).find((u) => u.mac === "d4adbeef0042");
  assert.equal(stranger?.model, "CP-8851-3PCC", "filed under the MAC it names");
  assert.equal(stranger?.requests, 4);
});

test("a phone found by the client address files no sighting under that phone", async () => {
  await server.get("/anything.xml", { headers: { "User-Agent": ua(undefined, "CP-7841-3PCC", "10.4.1"), "X-Forwarded-For": "10.0.0.11" } });
  server.app.sightings.flush();
  assert.notEqual(getSighting(server.app.db, "001122334466")?.model, "CP-7841-3PCC", "it named no MAC, so nothing says it is lobby");
});
