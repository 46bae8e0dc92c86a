// The start-up banner of the real server process (PORT=0): the links to paste come from public_url, a public_url
// phones cannot reach is warned about, every phone-book key is listed with its directoryURL, and it says how to
// sign in without printing a password.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { createSource } from "../db/contact-sources.ts";
import { openDatabase, type Db } from "../db/open.ts";
import { savePhoneBook } from "../db/phone-books.ts";
import { makePki } from "./helpers/certificates.ts";

process.env.LOG_LEVEL = "silent";
const ROOT = join(import.meta.dirname, "..");

interface Started {
  /** The banner (stdout) and the log (stderr) of a server that started and was stopped again. */
  stdout: string;
  stderr: string;
  port: number;
}

/**
 * Starts `node --import tsx server.ts` on a config folder of `files` (and a database `prepare` fills), waits for
 * the banner's last line, stops the server with SIGTERM and returns what it printed.
 */
async function startServerProcess(t: TestContext, o: { host: string; files: Record<string, string>; prepare?: (db: Db) => void }): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-banner-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [f, y] of Object.entries(o.files)) writeFileSync(join(dir, f), y);
  const dbPath = join(dir, "s.sqlite");
  if (o.prepare) {
    const db = openDatabase(dbPath);
    o.prepare(db);
    db.close();
  }
  const env = { ...process.env, PORT: "0", HOST: o.host, SWITCHBOARD_CONFIG_DIR: dir, SWITCHBOARD_DB: dbPath, SWITCHBOARD_INSTANCE: "", LOG_LEVEL: "warn" };
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  t.after(() => child.kill("SIGKILL"));
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  await new Promise<void>((bannerDone, fail) => {
    const timer = setTimeout(() => fail(new Error(`no banner within 30 s:\n${stdout}\n${stderr}`)), 30_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (/^ {2}config /m.test(stdout)) {
        clearTimeout(timer);
        bannerDone();
      }
    });
    void exited.then(() => fail(new Error(`the server exited before its banner:\n${stdout}\n${stderr}`)));
  });
  child.kill("SIGTERM");
  await exited;
  return { stdout, stderr, port: Number(/listening on \S*?(\d+)\s*$/m.exec(stdout)?.[1]) };
}

const bannerRow = (stdout: string, label: string) => new RegExp(`^ {2}${label} +(.*)$`, "m").exec(stdout)?.[1];
const SIGNED_IN = "auth:\n  enabled: true\n  users:\n    boss: {username: boss, password: Very-Secret-42, role: admin}\n    watcher: {username: watcher, password: Also-Secret-43, role: monitor}\n";

test("the banner hands out links built on public_url, each phone-book key with its directoryURL", async (t) => {
  const { stdout, stderr } = await startServerProcess(t, {
    host: "0.0.0.0",
    files: { "switchboard.yml": 'public_url: "https://pbx.example.com"\n', "serviceconfig.yml": SIGNED_IN },
    prepare: (db) => {
      const office = createSource(db, { key: "officekey01", provider: "fritzbox", label: "Office" });
      createSource(db, { key: "salesbook02", provider: "microsoft", label: "Sales" });
      savePhoneBook(db, { key: "allbooks03", label: "Everyone", sourceIds: [office.id] });
    },
  });
  assert.equal(bannerRow(stdout, "public_url"), "https://pbx.example.com");
  assert.equal(bannerRow(stdout, "Profile_Rule"), "https://pbx.example.com/$MA.xml");
  assert.equal(bannerRow(stdout, "Report_Rule"), "https://pbx.example.com/report/$MA");
  for (const [key, name] of [["officekey01", "Office (FRITZ!Box)"], ["salesbook02", "Sales (Microsoft 365 / Outlook)"], ["allbooks03", "Everyone (phone book)"]]) {
    assert.match(stdout, new RegExp(`https://pbx\\.example\\.com/cisco/directory\\?key=${key} +${name.replace(/[()/]/g, "\\$&")}$`, "m"));
  }
  assert.doesNotMatch(stderr, /reaches this machine only|names localhost/, "nothing to warn about");
});

test("the banner says whom to sign in as and where the password is, and prints no password", async (t) => {
  const { stdout, stderr } = await startServerProcess(t, { host: "127.0.0.1", files: { "switchboard.yml": 'public_url: "https://pbx.example.com"\n', "serviceconfig.yml": SIGNED_IN } });
  assert.equal(bannerRow(stdout, "sign in"), 'https://pbx.example.com/ as "boss" (serviceconfig.yml auth.users; the password is not shown here)');
  assert.doesNotMatch(stdout + stderr, /Very-Secret-42|Also-Secret-43/);
});

test("a localhost public_url while listening on all addresses is warned about: phones cannot reach it", async (t) => {
  const { stdout, stderr } = await startServerProcess(t, { host: "0.0.0.0", files: { "switchboard.yml": 'public_url: "http://localhost:8080"\n' } });
  assert.equal(bannerRow(stdout, "public_url"), "http://localhost:8080");
  assert.match(stderr, /WARN public_url http:\/\/localhost:8080 reaches this machine only, but the server listens on all addresses: phones cannot follow/);
});

test("listening on 127.0.0.1 only, a loopback public_url is consistent and not warned about", async (t) => {
  const { stderr } = await startServerProcess(t, { host: "127.0.0.1", files: { "switchboard.yml": 'public_url: "http://127.0.0.1:8080"\n' } });
  assert.doesNotMatch(stderr, /reaches this machine only/);
});

test("a rule in common.yml or phones.yml that names localhost is warned about by name, without its value", async (t) => {
  const { stderr } = await startServerProcess(t, {
    host: "127.0.0.1",
    files: {
      "common.yml": 'common:\n  Profile_Rule: "[--key $B] http://admin:Rule-Secret-7@localhost:8080/$MA.xml"\n  Report_Rule: "http://pbx.example.com/report/$MA"\n',
      "phones.yml": 'phones:\n  desk:\n    mac: "001122334455"\n    Upgrade_Rule: "tftp://127.0.0.1/fw.loads"\n',
    },
  });
  assert.match(stderr, /WARN common\.yml Profile_Rule names localhost, which a phone reads as itself/);
  assert.match(stderr, /WARN phones\.yml desk Upgrade_Rule names localhost/);
  assert.doesNotMatch(stderr, /Report_Rule names localhost/);
  assert.doesNotMatch(stderr, /Rule-Secret-7/);
});

test("without public_url the banner says it is derived, built on the port the server got", async (t) => {
  const { stdout, port } = await startServerProcess(t, { host: "127.0.0.1", files: {} });
  assert.ok(port > 0);
  assert.equal(bannerRow(stdout, "public_url"), `http://127.0.0.1:${port}  (not set in switchboard.yml: derived from the listening address; set public_url if phones reach this server by another name)`);
  assert.equal(bannerRow(stdout, "Profile_Rule"), `http://127.0.0.1:${port}/$MA.xml`);
  assert.match(bannerRow(stdout, "directoryURL") ?? "", /key=<phone-book key> {2}\(no phone books yet: connect one at http:\/\/127\.0\.0\.1:\d+\/contact-sources\)/);
});

test("with sign-in switched off the banner warns that every admin page is open", async (t) => {
  const { stdout, stderr } = await startServerProcess(t, { host: "127.0.0.1", files: { "serviceconfig.yml": "auth:\n  enabled: false\n" } });
  assert.match(bannerRow(stdout, "sign in") ?? "", /no sign-in: auth\.enabled is false/);
  assert.match(stderr, /WARN serviceconfig\.yml auth\.enabled is false: every admin page is open/);
});

test("with tls.port the banner gives the HTTPS address the server got, and says phones prove themselves", async (t) => {
  const pki = makePki();
  t.after(() => pki.remove());
  const pair = pki.server("banner");
  const files = {
    "switchboard.yml": "public_url: https://pbx.example.com:8443\ntls: {port: 0, cert: server.pem, key: server.key, client_ca: ca.pem}\n",
    "server.pem": readFileSync(pair.cert, "utf8"), "server.key": readFileSync(pair.key, "utf8"), "ca.pem": readFileSync(pki.ca.cert, "utf8"),
  };
  const { stdout } = await startServerProcess(t, { host: "127.0.0.1", files });
  assert.match(bannerRow(stdout, "https") ?? "", /^https:\/\/127\.0\.0\.1:\d+ {2}\(over HTTPS, phones proven by their certificate\)$/);
});
