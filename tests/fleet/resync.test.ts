// Remote resync and reboot (core/fleet/): jobs in the background with bounded concurrency, against a fake phone
// web server (Digest or Basic, as the phone asks) and a fake Asterisk manager over real TCP.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { listAuditEntries } from "../../db/audit-log.ts";
import { startFakeAmi, type FakeAmi } from "../fakes/ami.ts";
import { startFakePhoneWeb, type FakePhoneWeb } from "../fakes/phone-direct-action.ts";
import { ADMIN_AND_MONITOR_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const ADMIN = basic("admin", "admin-pass");
const MONITOR = basic("monitor", "monitor-pass");
const mac = (i: number) => `0011223344${(0x10 + i).toString(16)}`;

/** Ten phones of group "office": p3's Admin_Password is not the phone's, p4 does not enable direct action URLs, p5 has no address. */
function phonesYml(): string {
  let yml = "phones:\n";
  for (let i = 0; i < 10; i++) {
    yml += `  p${i}:\n    mac: "${mac(i)}"\n    group: office\n    User_ID_1_: "10${i}"\n`;
    if (i !== 5) yml += "    ip_address: 127.0.0.1\n";
    if (i === 3) yml += "    Admin_Password: not-the-phones\n";
    if (i === 4) yml += "    Enable_Direct_Action_Url: \"No\"\n";
  }
  return yml + `  lobby:\n    mac: "001122334499"\n    ip_address: 127.0.0.1\n    User_ID_1_: "199"\n`;
}

let phone: FakePhoneWeb;
let ami: FakeAmi;
let server: TestServer;
before(async () => {
  phone = await startFakePhoneWeb(() => "adm1n");
  ami = await startFakeAmi("switchboard", "ami-secret", ["100", "101", "199"]);
  server = await startTestServer({
    "serviceconfig.yml": ADMIN_AND_MONITOR_SERVICECONFIG,
    "phones.yml": phonesYml(),
    "common.yml": `common:\n  Enable_Direct_Action_Url: "Yes"\n  Admin_Password: adm1n\n  Web_Server_Port: "${phone.port}"\n`,
    "switchboard.yml": `public_url: "http://pbx.test"\nresync:\n  concurrency: 3\n  timeout_seconds: 5\n  ami: {host: 127.0.0.1, port: ${ami.port}, username: switchboard, secret: ami-secret}\n`,
  });
});
after(async () => {
  await server.close();
  await phone.close();
  await ami.close();
});

const api = async (path: string, init: RequestInit = {}) => {
  const res = await server.request(path, { ...init, headers: { Authorization: ADMIN, Origin: server.url, "Content-Type": "application/json", ...init.headers } });
  return { status: res.status, json: JSON.parse(res.body) };
};
const start = (body: object, headers: Record<string, string> = {}) => api("/api/admin/fleet/jobs", { method: "POST", body: JSON.stringify(body), headers });

async function finished(id: string) {
  for (let i = 0; i < 500; i++) {
    const { json } = await api(`/api/admin/fleet/jobs/${id}`);
    if (json.finished_at) return json;
    await new Promise((ok) => setTimeout(ok, 20));
  }
  throw new Error("the job did not finish");
}

test("a group resync asks each phone at its direct action URL with Digest, resync.concurrency at a time, and lists failures with the phone's answer", async (t) => {
  t.after(() => {
    phone.delayMs = 0;
    phone.received.length = 0;
    phone.maxInFlight = 0;
  });
  phone.delayMs = 60;
  const started = await start({ action: "resync", group: "office" });
  assert.equal(started.status, 202);
  assert.equal(started.json.total, 10);
  assert.ok(started.json.done < 10, "the request returns before the phones are asked");
  const job = await finished(started.json.id);
  assert.equal(job.done, 10);
  assert.equal(phone.maxInFlight, 3, "never more than resync.concurrency at once");
  const failures = Object.fromEntries(job.failures.map((f: { mac: string; answer: string }) => [f.mac, f.answer]));
  assert.deepEqual(Object.keys(failures).sort(), [mac(3), mac(5)]);
  assert.match(failures[mac(3)], /401.*refused the Admin_Password/);
  assert.match(failures[mac(5)], /no address known/);
  assert.deepEqual(job.warnings.map((w: { mac: string }) => w.mac), [mac(4)], "Enable_Direct_Action_Url is not Yes");
  const ok = phone.received.filter((r) => r.authorized).map((r) => r.path).sort();
  assert.equal(ok.length, 8);
  assert.equal(ok[0], `/admin/resync?http://pbx.test/${mac(0)}.xml`);
  assert.ok(!phone.received.some((r) => r.path.includes("001122334499")), "the lobby is not in the group");
  const [entry] = listAuditEntries(server.app.db, 1).entries;
  assert.deepEqual([entry.username, entry.action, entry.target], ["admin", "resync", "group office"]);
});

test("a reboot works with a phone that asks for Basic, and a phone that does not answer fails after resync.timeout_seconds while the server keeps serving", async (t) => {
  const settings = server.app.store.config.switchboard.resync;
  t.after(() => {
    phone.mode = "digest";
    phone.received.length = 0;
    settings.timeout_seconds = 5;
  });
  phone.mode = "basic";
  const basicJob = await finished((await start({ action: "reboot", mac: "00:11:22:33:44:99" })).json.id);
  assert.deepEqual(basicJob.failures, []);
  assert.deepEqual(phone.received.at(-1), { path: "/admin/reboot", authorized: true });
  phone.mode = "hang";
  settings.timeout_seconds = 1;
  const began = Date.now();
  const { json } = await start({ action: "reboot", mac: "001122334499" });
  const health = await server.get("/health");
  assert.equal(health.status, 200, "the server answers while the phone is waited for");
  const hung = await finished(json.id);
  assert.ok(Date.now() - began < 4000, "bounded by the 1 s timeout");
  assert.equal(hung.failures.length, 1);
});

test("a second job while one runs is refused; jobs are for admins from our own pages", async (t) => {
  t.after(() => {
    phone.delayMs = 0;
  });
  phone.delayMs = 100;
  const first = await start({ action: "resync", mac: mac(0) });
  const second = await start({ action: "resync", all: true });
  assert.equal(second.status, 409);
  await finished(first.json.id);
  assert.equal((await start({ action: "resync", mac: mac(0) }, { Authorization: MONITOR })).status, 403, "a monitor");
  assert.equal((await start({ action: "resync", mac: mac(0) }, { Origin: "http://evil.example" })).status, 403, "another site");
  assert.equal((await start({ action: "explode", mac: mac(0) })).status, 422);
  assert.equal((await start({ action: "resync" })).status, 422, "no phone named");
  assert.equal((await start({ action: "resync", group: "nobody" })).status, 404);
  assert.equal((await api("/api/admin/fleet/jobs/nope")).status, 404);
  const overview = (await api("/api/admin/fleet/jobs")).json;
  assert.deepEqual([overview.groups, overview.phones, overview.sip_available], [["office"], 11, true]);
  assert.equal(overview.jobs[0].id, first.json.id, "newest first");
});

test("over SIP NOTIFY, the AMI gets a login and one PJSIPNotify check-sync per phone; the endpoint it does not know is a failure", async () => {
  const job = await finished((await start({ action: "resync", transport: "sip", group: "office" })).json.id);
  assert.equal(job.done, 10);
  assert.deepEqual(ami.logins.at(-1), { username: "switchboard", ok: true });
  const endpoints = ami.notifies.map((n) => n.endpoint).sort();
  assert.equal(endpoints.length, 10);
  assert.deepEqual(ami.notifies.map((n) => n.variable), Array(10).fill("Event=check-sync"));
  assert.equal(job.failures.length, 8, "the AMI knows only 100 and 101");
  assert.match(job.failures[0].answer, /Error: Unable to retrieve endpoint/);
  const reboot = await finished((await start({ action: "reboot", transport: "sip", mac: "001122334499" })).json.id);
  assert.deepEqual(reboot.failures, []);
  assert.equal(ami.notifies.at(-1)!.variable, "Event=check-sync;reboot=true");
});

test("a wrong AMI secret fails every phone with the manager's refusal", async (t) => {
  const settings = server.app.store.config.switchboard.resync;
  const ami0 = settings.ami!;
  t.after(() => (settings.ami = ami0));
  settings.ami = { ...ami0, secret: "wrong" };
  const job = await finished((await start({ action: "resync", transport: "sip", mac: "001122334499" })).json.id);
  assert.match(job.failures[0].answer, /refused the login: Authentication failed/);
});
