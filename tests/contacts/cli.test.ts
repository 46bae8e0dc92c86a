import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runCli } from "../../cli.ts";
import { phpUnserializeScalar, providerOfToken } from "../../core/contacts/legacy-import.ts";
import { openDatabase } from "../../db/open.ts";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { startWithFakes, type Setup } from "./helpers.ts";

let s: Setup;
let legacy: string;
let dbPath: string;
const lines: string[] = [];
const out = (l: string) => lines.push(l);

const php = (v: string) => `s:${Buffer.byteLength(v)}:"${v}";`;
const jwt = (iss: string) => `h.${Buffer.from(JSON.stringify({ iss })).toString("base64url")}.sig`;

before(async () => {
  s = await startWithFakes();
  legacy = mkdtempSync(join(tmpdir(), "switchboard-legacy-"));
  dbPath = join(legacy, "cli.sqlite");
  process.env.SWITCHBOARD_CONFIG_DIR = s.server.configDir;
  process.env.SWITCHBOARD_DB = dbPath;
});
after(async () => {
  await s.close();
  rmSync(legacy, { recursive: true, force: true });
  delete process.env.SWITCHBOARD_CONFIG_DIR;
  delete process.env.SWITCHBOARD_DB;
});

test("PHP-serialized scalars", () => {
  assert.equal(phpUnserializeScalar('s:6:"hällo";'), "hällo", "the length counts bytes");
  assert.throws(() => phpUnserializeScalar('s:9:"short";'), /length/);
  assert.equal(phpUnserializeScalar("i:1700000000;"), "1700000000");
  assert.equal(phpUnserializeScalar("N;"), null);
  assert.equal(phpUnserializeScalar("plain-token\n"), "plain-token");
  assert.throws(() => phpUnserializeScalar('a:1:{i:0;s:1:"x";}'), /array or object/);
  assert.equal(providerOfToken(jwt("https://login.sipgate.com/auth/realms/third-party")), "sipgate");
  assert.equal(providerOfToken(jwt("https://sts.windows.net/abc/")), "microsoft");
  assert.equal(providerOfToken("EwBopaque"), undefined);
});

test("import-legacy keeps the 20-hex keys, then contacts:sync fetches with the imported refresh token", async () => {
  // A refresh token the fake sipgate really issued (connect once on the test server), stored the PHP way.
  const { connect, keyOf } = await import("./helpers.ts");
  s.sipgate.contacts = [{ id: "1", name: "Legacy Friend" }];
  const key = keyOf(await connect(s.server, s.sipgate, "provider=sipgate"));
  const refresh = getSourceByKey(s.server.app.db, key)!.refresh_token!;

  const legacyKey = "0123456789abcdef0123";
  writeFileSync(join(legacy, `${legacyKey}_access_token`), php(jwt("https://login.sipgate.com/auth/realms/third-party")));
  writeFileSync(join(legacy, `${legacyKey}_access_token_expiry`), "i:1600000000;");
  writeFileSync(join(legacy, `${legacyKey}_refresh_token`), php(refresh));
  writeFileSync(join(legacy, "deadbeef_refresh_token"), php("x"));
  writeFileSync(join(legacy, "README"), "not a token");

  lines.length = 0;
  assert.equal(await runCli(["contacts:import-legacy", legacy], out), 0);
  assert.ok(lines.some((l) => l.startsWith(`${legacyKey}  imported (sipgate)`)), lines.join("\n"));
  assert.ok(lines.some((l) => /deadbeef  skipped: not a 20-hex/.test(l)));
  assert.equal(await runCli(["contacts:import-legacy", legacy], out), 0);
  assert.ok(lines.some((l) => /exists already/.test(l)), "a second import does not overwrite");

  lines.length = 0;
  assert.equal(await runCli(["contacts:sync", legacyKey], out), 0, lines.join("\n"));
  assert.match(lines[0], new RegExp(`^${legacyKey}  ok +1 contacts`));
  const db = openDatabase(dbPath);
  try {
    assert.equal(getSourceByKey(db, legacyKey)!.contact_count, 1);
  } finally {
    db.close();
  }
});

test("contacts:sync with an unknown key or a failing source exits 1; bad usage exits 2", async () => {
  assert.equal(await runCli(["contacts:sync", "ffffffffffffffffffff"], out), 1);
  s.sipgate.oauth.failApi = 1000;
  try {
    lines.length = 0;
    assert.equal(await runCli(["contacts:sync"], out), 1);
    assert.ok(lines.some((l) => /error +1 contacts .*503/.test(l)), lines.join("\n"));
  } finally {
    s.sipgate.oauth.failApi = 0;
  }
  assert.equal(await runCli(["contacts:import-legacy"], out), 2);
  assert.equal(await runCli(["contacts:import-legacy", legacy, "google"], out), 2);
});
