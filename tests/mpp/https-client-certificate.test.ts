// Provisioning over HTTPS, phones proven by their certificate (README "HTTPS"): a local CA made by openssl stands in
// for Cisco's manufacturing CA, curl is the phone. A certificate for MAC A gets A's profile and nothing else; no
// certificate, or one from another CA, gets no profile; admin pages need none.
import assert from "node:assert/strict";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test, type TestContext } from "node:test";
import type { ServerOptions } from "../../server.ts";
import { curl, makePki, type KeyPair, type Pki } from "../helpers/certificates.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { curlTftp } from "../helpers/tftp.ts";
import { profileParams } from "../helpers/xml.ts";

const A = "001122334455";
const B = "00aabbccddee";
const PHONES = `phones:
  desk-a:
    mac: "00:11:22:33:44:55"
    Station_Name: "desk-a"
    User_Password: "secret-of-a"
  desk-b:
    mac: "00:AA:BB:CC:DD:EE"
    Station_Name: "desk-b"
    User_Password: "secret-of-b"
`;

let pki: Pki;
let serverPair: KeyPair;
/** A's certificate as Cisco's provisioning guide shows an MPP MIC subject: the MAC in S (ST). */
let certA: KeyPair;
/** B's with the MAC in the CN, as newer MICs name the phone. */
let certB: KeyPair;
let untrustedA: KeyPair;

before(() => {
  pki = makePki();
  serverPair = pki.server("switchboard-1");
  certA = pki.client("phone-a", `/OU=CP-8841-3PCC/L=88012BA01234/ST=${A}`);
  certB = pki.client("phone-b", `/CN=CP-8851-3PCC-SEP${B.toUpperCase()}`);
  untrustedA = pki.client("forged-a", `/OU=CP-8841-3PCC/L=88012BA01234/ST=${A}`, pki.otherCa("not-cisco"));
});
after(() => pki.remove());

/** A server whose config folder holds the certificate files, named relative to it as an admin would. */
async function httpsServer(t: TestContext, tls = "{port: 0, cert: server.pem, key: server.key, client_ca: phones-ca.pem}", options: ServerOptions = {}): Promise<TestServer & { https: NonNullable<TestServer["https"]> }> {
  const pem = (path: string) => readFileSync(path, "utf8");
  const files = { "phones.yml": PHONES, "switchboard.yml": `tls: ${tls}\n`, "server.pem": pem(serverPair.cert), "server.key": pem(serverPair.key), "phones-ca.pem": pem(pki.ca.cert) };
  const server = await startTestServer(files, options);
  t.after(() => server.close());
  assert.ok(server.https, "the HTTPS listener is up");
  return server as TestServer & { https: NonNullable<TestServer["https"]> };
}

test("a phone whose certificate names MAC A gets A's profile, the same bytes as over HTTP", async (t) => {
  const server = await httpsServer(t);
  const res = await curl(`${server.https.url}/${A}.xml`, { ca: pki.ca.cert, client: certA });
  assert.equal(res.status, 200, res.body);
  assert.equal(profileParams(res.body).get("Station_Name")?.value, "desk-a");
  assert.equal(res.body, (await server.get(`/${A}.xml`)).body);
});

test("a certificate naming its MAC in the CN (SEP…) proves that phone", async (t) => {
  const server = await httpsServer(t);
  const res = await curl(`${server.https.url}/${B}.xml`, { ca: pki.ca.cert, client: certB });
  assert.equal(res.status, 200, res.body);
  assert.equal(profileParams(res.body).get("Station_Name")?.value, "desk-b");
});

test("phone A asking for B's profile is refused, by B's MAC or B's phone ID, whatever its address", async (t) => {
  const server = await httpsServer(t);
  for (const path of [`/${B}.xml`, "/desk-b.xml", "/00:AA:BB:CC:DD:EE.xml"]) {
    const res = await curl(server.https.url + path, { ca: pki.ca.cert, client: certA });
    assert.equal(res.status, 403, path);
    assert.doesNotMatch(res.body, /secret-of-b/);
    assert.match(res.body, /only its own profile/);
  }
});

test("a path that names no phone gets the proven phone's profile, not the one configured for the address", async (t) => {
  const server = await httpsServer(t);
  server.writeConfig("phones.yml", `${PHONES}  by-ip:\n    ip_address: "127.0.0.1"\n    Station_Name: "by-ip"\n`);
  const res = await curl(`${server.https.url}/profile.xml`, { ca: pki.ca.cert, client: certA });
  assert.equal(res.status, 200, res.body);
  assert.equal(profileParams(res.body).get("Station_Name")?.value, "desk-a");
});

test("a User-Agent naming another MAC than the certificate gets no profile", async (t) => {
  const server = await httpsServer(t);
  const res = await curl(`${server.https.url}/${B}.xml`, { ca: pki.ca.cert, client: certA, headers: { "User-Agent": `Cisco-CP-8841-3PCC/12.0.1 (${B})` } });
  assert.equal(res.status, 403);
  assert.doesNotMatch(res.body, /secret-of-b/);
});

test("no client certificate: no profile, and a sentence saying why", async (t) => {
  const server = await httpsServer(t);
  const res = await curl(`${server.https.url}/${A}.xml`, { ca: pki.ca.cert });
  assert.equal(res.status, 403);
  assert.match(res.body, /no client certificate was presented/);
  assert.doesNotMatch(res.body, /secret-of-a/);
});

test("a certificate for MAC A from a CA not in tls.client_ca gets no profile", async (t) => {
  const server = await httpsServer(t);
  const res = await curl(`${server.https.url}/${A}.xml`, { ca: pki.ca.cert, client: untrustedA });
  assert.equal(res.status, 403);
  assert.match(res.body, /not signed by a CA of tls\.client_ca/);
  assert.doesNotMatch(res.body, /secret-of-a/);
});

test("the address allowlist still applies over HTTPS, certificate or not", async (t) => {
  const server = await httpsServer(t);
  server.writeConfig("serviceconfig.yml", "ip_whitelist: [10.9.9.9]\nauth:\n  enabled: false\n");
  const res = await curl(`${server.https.url}/${A}.xml`, { ca: pki.ca.cert, client: certA });
  assert.equal(res.status, 403);
  assert.match(res.body, /not an allowed phone address/);
});

test("a proven phone reports for itself only", async (t) => {
  const server = await httpsServer(t);
  const report = `<flat-profile><Station_Name>desk-a</Station_Name></flat-profile>`;
  const own = await curl(`${server.https.url}/report/${A}`, { ca: pki.ca.cert, client: certA, method: "POST", body: report, headers: { "Content-Type": "text/xml" } });
  assert.equal(own.status, 200, own.body);
  assert.equal(JSON.parse(own.body).mac, A);
  const bare = await curl(`${server.https.url}/report`, { ca: pki.ca.cert, client: certA, method: "POST", body: report, headers: { "Content-Type": "text/xml" } });
  assert.equal(JSON.parse(bare.body).mac, A, "a report naming no MAC is filed under the proven one");
  const foreign = await curl(`${server.https.url}/report/${B}`, { ca: pki.ca.cert, client: certA, method: "POST", body: report, headers: { "Content-Type": "text/xml" } });
  assert.equal(foreign.status, 403);
  const anonymous = await curl(`${server.https.url}/report/${A}`, { ca: pki.ca.cert, method: "POST", body: report, headers: { "Content-Type": "text/xml" } });
  assert.equal(anonymous.status, 403);
});

test("profiles_only_to_proven_phones: plain HTTP serves no phone's profile, only the bootstrap profile", async (t) => {
  const server = await httpsServer(t, "{port: 0, cert: server.pem, key: server.key, client_ca: phones-ca.pem, profiles_only_to_proven_phones: true}");
  const plain = await server.get(`/${A}.xml`);
  assert.equal(plain.status, 403);
  assert.doesNotMatch(plain.body, /secret-of-a/);
  assert.equal((await server.get("/CP-8841-3PCC.xml")).status, 200, "a factory-new phone still gets the bootstrap profile");
  const proven = await curl(`${server.https.url}/${A}.xml`, { ca: pki.ca.cert, client: certA });
  assert.equal(proven.status, 200);
  assert.equal(profileParams(proven.body).get("User_Password")?.value, "secret-of-a");
});

test("profiles_only_to_proven_phones holds for TFTP too: one decision for every transport", async (t) => {
  const server = await httpsServer(t, "{port: 0, cert: server.pem, key: server.key, client_ca: phones-ca.pem, profiles_only_to_proven_phones: true}\ntftp: {enabled: true, host: 127.0.0.1, port: 0}");
  const own = await curlTftp(server.app.tftp.port!, `${A}.xml`);
  assert.notEqual(own.code, 0, "no phone's profile over TFTP");
  assert.doesNotMatch(own.body.toString(), /secret-of-a/);
  const bootstrap = await curlTftp(server.app.tftp.port!, "CP-8841-3PCC.xml");
  assert.equal(bootstrap.code, 0, bootstrap.stderr);
});

test("admin pages and health work over HTTPS without a client certificate", async (t) => {
  const server = await httpsServer(t);
  const res = await curl(`${server.https.url}/health`, { ca: pki.ca.cert });
  assert.equal(res.status, 200, res.body);
});

test("without client_ca, HTTPS serves profiles as HTTP does (the address allowlist decides)", async (t) => {
  const server = await httpsServer(t, "{port: 0, cert: server.pem, key: server.key}");
  const res = await curl(`${server.https.url}/${B}.xml`, { ca: pki.ca.cert });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.body, (await server.get(`/${B}.xml`)).body);
});

test("a renewed server certificate is served without a restart", async (t) => {
  const server = await httpsServer(t, undefined, { tlsPollMs: 50 });
  assert.match((await curl(`${server.https.url}/health`, { ca: pki.ca.cert })).trace, /subject: CN=switchboard-1/);
  const renewed = pki.server("switchboard-2");
  copyFileSync(renewed.key, join(server.configDir, "server.key"));
  copyFileSync(renewed.cert, join(server.configDir, "server.pem"));
  let trace = "";
  for (let i = 0; i < 100 && !/subject: CN=switchboard-2/.test(trace); i++) {
    await new Promise((r) => setTimeout(r, 50));
    trace = (await curl(`${server.https.url}/health`, { ca: pki.ca.cert })).trace;
  }
  assert.match(trace, /subject: CN=switchboard-2/);
});

test("switchboard.yml naming other certificate files takes effect at the reload", async (t) => {
  const server = await httpsServer(t);
  const next = pki.server("switchboard-3");
  copyFileSync(next.cert, join(server.configDir, "next.pem"));
  copyFileSync(next.key, join(server.configDir, "next.key"));
  server.writeConfig("switchboard.yml", "tls: {port: 0, cert: next.pem, key: next.key, client_ca: phones-ca.pem}\n");
  assert.match((await curl(`${server.https.url}/health`, { ca: pki.ca.cert })).trace, /subject: CN=switchboard-3/);
  assert.equal((await curl(`${server.https.url}/${A}.xml`, { ca: pki.ca.cert, client: certA })).status, 200, "phones are still verified");
});

test("a profile answer remembered for a proven phone is not replayed to another certificate or over plain HTTP", async (t) => {
  const server = await httpsServer(t, "{port: 0, cert: server.pem, key: server.key, client_ca: phones-ca.pem, profiles_only_to_proven_phones: true}");
  // The same path, User-Agent and address each time: only the certificate differs.
  const headers = { "User-Agent": "Cisco-CP-8841-3PCC/12.0.1" };
  for (let i = 0; i < 2; i++) assert.equal((await curl(`${server.https.url}/${A}.xml`, { ca: pki.ca.cert, client: certA, headers })).status, 200);
  const otherPhone = await curl(`${server.https.url}/${A}.xml`, { ca: pki.ca.cert, client: certB, headers });
  assert.equal(otherPhone.status, 403);
  assert.doesNotMatch(otherPhone.body, /secret-of-a/);
  const plain = await server.get(`/${A}.xml`, { headers });
  assert.equal(plain.status, 403);
  assert.doesNotMatch(plain.body, /secret-of-a/);
});
