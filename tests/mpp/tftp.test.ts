// Profiles over TFTP, fetched by real clients (curl's tftp://, Debian's tftp-hpa): the same bytes as HTTP for the
// same phone, through the same allowlist, decision, sightings and metrics. The protocol's corners (lost ACKs,
// option limits) are tests/lib/tftp-server.test.ts.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test, type TestContext } from "node:test";
import { listSightings } from "../../db/sightings.ts";
import { listUnknownPhones } from "../../db/unknown-phones.ts";
import { parseMetrics } from "../helpers/prometheus.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { curlTftp, tftpHpaGet, tftpHpaMissing } from "../helpers/tftp.ts";
import { profileParams, xmllint } from "../helpers/xml.ts";
import { captureLog } from "../helpers/log.ts";

// A real profile is ~50 KB: about a hundred 512-byte blocks.
const COMMON = `common:\n${Array.from({ length: 1100 }, (_, i) => `  Parameter_${i}_: "value of parameter ${i} & more"`).join("\n")}\n`;
const PHONES = `phones:
  desk:
    mac: "00:11:22:33:44:55"
    Station_Name: "desk"
  by-address:
    ip_address: "127.0.0.1"
    Station_Name: "found-by-address"
`;
const TFTP_ON = 'public_url: "http://pbx.test:8080"\ntftp: {enabled: true, host: "127.0.0.1", port: 0}\n';
const FILES = { "phones.yml": PHONES, "common.yml": COMMON, "switchboard.yml": TFTP_ON };

// Tests that only read share one server; one that counts what the server recorded starts its own.
let server: TestServer;
before(async () => {
  server = await startTestServer(FILES);
});
after(() => server.close());

async function serve(t: TestContext, files: Record<string, string> = {}): Promise<TestServer> {
  const own = await startTestServer({ ...FILES, ...files });
  t.after(() => own.close());
  return own;
}

const tftpPort = (s: TestServer) => s.app.tftp.port!;

async function overHttp(s: TestServer, path: string): Promise<Buffer> {
  const res = await fetch(s.url + path);
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

test("curl fetches a phone's whole profile (~50 KB, many blocks), byte for byte what HTTP serves", async () => {
  const got = await curlTftp(tftpPort(server), "001122334455.xml");
  assert.equal(got.code, 0, got.stderr);
  assert.ok(got.body.length > 50_000, `${got.body.length} bytes`);
  assert.deepEqual(got.body, await overHttp(server, "/001122334455.xml"));
  assert.equal(profileParams(got.body.toString()).get("Station_Name")?.value, "desk");
});

test("curl with a larger block size (RFC 2348) gets the same bytes", async () => {
  for (const size of ["1400", "8192"]) {
    const got = await curlTftp(tftpPort(server), "desk.xml", ["--tftp-blksize", size]);
    assert.equal(got.code, 0, got.stderr);
    assert.deepEqual(got.body, await overHttp(server, "/desk.xml"), size);
  }
});

test("tftp-hpa in binary mode gets the same bytes as HTTP, asking with a leading slash as phones do", async (t) => {
  const missing = tftpHpaMissing();
  if (missing) return t.skip(missing);
  const got = await tftpHpaGet(tftpPort(server), "/001122334455.xml");
  assert.doesNotMatch(got.output, /Error/);
  assert.deepEqual(got.body, await overHttp(server, "/001122334455.xml"));
});

test("tftp-hpa: a name with .. in it is refused with error 2, access violation", async (t) => {
  const missing = tftpHpaMissing();
  if (missing) return t.skip(missing);
  const got = await tftpHpaGet(tftpPort(server), "../001122334455.xml");
  assert.match(got.output, /Error code 2: Only a plain file name/);
  assert.equal(got.body.length, 0);
});

test("curl: an unknown phone or a name that is no profile is error 1, file not found (curl exit 68)", async () => {
  for (const name of ["0011223344ff.xml", "001122334455.cfg", ".xml"]) {
    const got = await curlTftp(tftpPort(server), name);
    assert.equal(got.code, 68, `${name}: ${got.stderr}`);
    assert.equal(got.body.length, 0);
  }
});

test("curl: .. is refused with error 2, access violation (curl exit 69)", async () => {
  const got = await curlTftp(tftpPort(server), "..%2F001122334455.xml");
  assert.equal(got.code, 69, got.stderr);
});

test("a factory-new phone asking for its $PSN.xml gets the bootstrap profile, pointing it at its own profile over HTTP", async () => {
  const got = await curlTftp(tftpPort(server), "CP-8841-3PCC.xml");
  assert.equal(got.code, 0, got.stderr);
  xmllint(got.body.toString());
  assert.equal(profileParams(got.body.toString()).get("Profile_Rule")?.value, "http://pbx.test:8080/$MA.xml");
  assert.deepEqual(got.body, await overHttp(server, "/CP-8841-3PCC.xml"));
});

test("a name that names no phone gets the profile of the phone at the client's address, as over HTTP", async () => {
  const got = await curlTftp(tftpPort(server), "profile.xml");
  assert.equal(got.code, 0, got.stderr);
  assert.equal(profileParams(got.body.toString()).get("Station_Name")?.value, "found-by-address");
});

test("an address outside the allowlist gets error 2 over TFTP, as it gets 403 over HTTP", async (t) => {
  const own = await serve(t, { "phones.yml": PHONES.replace('ip_address: "127.0.0.1"', 'ip_address: "192.0.2.1"'), "serviceconfig.yml": "ip_whitelist: []\nauth:\n  enabled: false\n" });
  assert.equal((await own.get("/001122334455.xml")).status, 403);
  const got = await curlTftp(tftpPort(own), "001122334455.xml");
  assert.equal(got.code, 69, got.stderr);
  assert.equal(got.body.length, 0);
});

test("discovery mode serves no configuration over TFTP either", async (t) => {
  const own = await serve(t, { "serviceconfig.yml": "ip_whitelist: [127.0.0.1]\nauth:\n  enabled: false\ndiscovery:\n  enabled: true\n" });
  assert.equal((await curlTftp(tftpPort(own), "001122334455.xml")).code, 68);
});

test("a TFTP fetch is a sighting and a counted, timed config request, like an HTTP one", async (t) => {
  const own = await serve(t);
  assert.equal((await curlTftp(tftpPort(own), "001122334455.xml")).code, 0);
  assert.equal((await curlTftp(tftpPort(own), "0011223344ff.xml")).code, 68);
  own.app.sightings.flush();
  const seen = listSightings(own.app.db).find((s) => s.mac === "001122334455");
  assert.equal(seen?.ip_address, "127.0.0.1");
  assert.equal(seen?.config_requests, 1);
  assert.deepEqual(listUnknownPhones(own.app.db).map((u) => [u.mac, u.answer]), [["0011223344ff", "not found"]]);
  const metrics = parseMetrics((await own.get("/metrics")).body);
  const requests = metrics.get("phone_config_requests_total")!.metrics;
  assert.equal(requests.find((s) => s.labels!.phone_mac === "001122334455")?.value, "1");
  assert.equal(metrics.get("phone_config_request_duration_seconds")!.metrics[0].count, "2", "served and not found");
});

test("TFTP is off unless switchboard.yml enables it", async (t) => {
  const own = await serve(t, { "switchboard.yml": 'public_url: "http://pbx.test:8080"\n' });
  assert.equal(own.app.tftp.port, undefined);
});

test("a change to tftp: while running is logged as taking effect at restart; TFTP keeps its port", async (t) => {
  const own = await serve(t);
  const port = tftpPort(own);
  const lines = captureLog(t, "warn");
  own.writeConfig("switchboard.yml", TFTP_ON.replace("port: 0", "port: 6969"));
  assert.equal(lines.filter((l) => /tftp: changed; the change takes effect when the server restarts/.test(l)).length, 1);
  assert.equal(own.app.tftp.port, port);
  assert.equal((await curlTftp(port, "001122334455.xml")).code, 0);
});

/** A UDP port held by someone else for the test's duration. */
async function takenPort(t: TestContext): Promise<number> {
  const holder = createSocket("udp4");
  await new Promise<void>((ok) => holder.bind(0, "127.0.0.1", ok));
  t.after(() => holder.close());
  return holder.address().port;
}

test("a TFTP port in use stops the start with one line that says so and what to change", async (t) => {
  const port = await takenPort(t);
  const dir = mkdtempSync(join(tmpdir(), "switchboard-tftp-start-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "switchboard.yml"), `tftp: {enabled: true, host: "127.0.0.1", port: ${port}}\n`);
  const run = await new Promise<{ code: number; output: string }>((done) => {
    execFile(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: join(import.meta.dirname, "..", ".."),
      env: { ...process.env, LOG_LEVEL: "error", PORT: "0", HOST: "127.0.0.1", SWITCHBOARD_CONFIG_DIR: dir, SWITCHBOARD_DB: join(dir, "s.sqlite") },
      timeout: 60_000,
    }, (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, output: `${stdout}${stderr}`.trim() }));
  });
  assert.equal(run.code, 1);
  assert.equal(run.output, `Switchboard could not start: TFTP: port ${port} on 127.0.0.1 is already in use (another TFTP server?): stop it or set tftp.port in switchboard.yml.`);
});
