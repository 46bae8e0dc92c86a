import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test, type TestContext } from "node:test";
import { runCli } from "../../cli.ts";
import { phpUnserializeScalar, providerOfToken } from "../../core/contacts/legacy-import.ts";
import { openDatabase } from "../../db/open.ts";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { connect, keyOf, startWithFakes, type Setup } from "./helpers.ts";

// The CLI reads the test server's config folder (so the fake providers) and a database of each test's own.
let s: Setup;
before(async () => {
  s = await startWithFakes();
  process.env.SWITCHBOARD_CONFIG_DIR = s.server.configDir;
});
after(async () => {
  await s.close();
  delete process.env.SWITCHBOARD_CONFIG_DIR;
});

const php = (v: string) => `s:${Buffer.byteLength(v)}:"${v}";`;
const jwt = (iss: string) => `h.${Buffer.from(JSON.stringify({ iss })).toString("base64url")}.sig`;
const LEGACY_KEY = "0123456789abcdef0123";

interface Cli {
  /** The PHP version's storage folder. */
  legacy: string;
  dbPath: string;
  lines: string[];
  /** Runs a command; its output is in `lines` (emptied first). */
  run(...argv: string[]): Promise<number>;
}

/** A legacy folder and a CLI database of the test's own; SWITCHBOARD_DB points at it until the test ends. */
function cliFor(t: TestContext): Cli {
  const legacy = mkdtempSync(join(tmpdir(), "switchboard-legacy-"));
  const dbPath = join(legacy, "cli.sqlite");
  const previous = process.env.SWITCHBOARD_DB;
  process.env.SWITCHBOARD_DB = dbPath;
  t.after(() => {
    if (previous === undefined) delete process.env.SWITCHBOARD_DB;
    else process.env.SWITCHBOARD_DB = previous;
    rmSync(legacy, { recursive: true, force: true });
  });
  const lines: string[] = [];
  return {
    legacy, dbPath, lines,
    run(...argv) {
      lines.length = 0;
      return runCli(argv, (l) => lines.push(l));
    },
  };
}

/** The PHP version's files for a sipgate source under LEGACY_KEY, with a refresh token the fake really issued. */
async function writeLegacySipgate(t: TestContext, cli: Cli): Promise<void> {
  const before = s.sipgate.contacts;
  t.after(() => void (s.sipgate.contacts = before));
  s.sipgate.contacts = [{ id: "1", name: "Legacy Friend" }];
  const key = keyOf(await connect(s.server, s.sipgate, "provider=sipgate"));
  const refresh = getSourceByKey(s.server.app.db, key)!.refresh_token!;
  writeFileSync(join(cli.legacy, `${LEGACY_KEY}_access_token`), php(jwt("https://login.sipgate.com/auth/realms/third-party")));
  writeFileSync(join(cli.legacy, `${LEGACY_KEY}_access_token_expiry`), "i:1600000000;");
  writeFileSync(join(cli.legacy, `${LEGACY_KEY}_refresh_token`), php(refresh));
}

test("PHP-serialized scalars: byte-counted strings, integers and null; a length that does not match or an array is refused", () => {
  assert.equal(phpUnserializeScalar('s:6:"hällo";'), "hällo", "the length counts bytes");
  assert.throws(() => phpUnserializeScalar('s:9:"short";'), /length/);
  assert.equal(phpUnserializeScalar("i:1700000000;"), "1700000000");
  assert.equal(phpUnserializeScalar("N;"), null);
  assert.equal(phpUnserializeScalar("plain-token\n"), "plain-token");
  assert.throws(() => phpUnserializeScalar('a:1:{i:0;s:1:"x";}'), /array or object/);
});

test("a legacy token's provider is read from its JWT issuer; an opaque token has none", () => {
  assert.equal(providerOfToken(jwt("https://login.sipgate.com/auth/realms/third-party")), "sipgate");
  assert.equal(providerOfToken(jwt("https://sts.windows.net/abc/")), "microsoft");
  assert.equal(providerOfToken("EwBopaque"), undefined);
});

test("import-legacy keeps the 20-hex keys and skips files that are not a source's", async (t) => {
  const cli = cliFor(t);
  await writeLegacySipgate(t, cli);
  writeFileSync(join(cli.legacy, "deadbeef_refresh_token"), php("x"));
  writeFileSync(join(cli.legacy, "README"), "not a token");
  assert.equal(await cli.run("contacts:import-legacy", cli.legacy), 0);
  assert.ok(cli.lines.some((l) => l.startsWith(`${LEGACY_KEY}  imported (sipgate)`)), cli.lines.join("\n"));
  assert.ok(cli.lines.some((l) => /deadbeef  skipped: not a 20-hex/.test(l)));
});

test("a second import-legacy does not overwrite what the first imported", async (t) => {
  const cli = cliFor(t);
  await writeLegacySipgate(t, cli);
  assert.equal(await cli.run("contacts:import-legacy", cli.legacy), 0);
  assert.equal(await cli.run("contacts:import-legacy", cli.legacy), 0);
  assert.ok(cli.lines.some((l) => /exists already/.test(l)), "a second import does not overwrite");
});

test("contacts:sync fetches an imported source's contacts with its imported refresh token", async (t) => {
  const cli = cliFor(t);
  await writeLegacySipgate(t, cli);
  assert.equal(await cli.run("contacts:import-legacy", cli.legacy), 0);
  assert.equal(await cli.run("contacts:sync", LEGACY_KEY), 0, cli.lines.join("\n"));
  assert.match(cli.lines[0], new RegExp(`^${LEGACY_KEY}  ok +1 contacts`));
  const db = openDatabase(cli.dbPath);
  try {
    assert.equal(getSourceByKey(db, LEGACY_KEY)!.contact_count, 1);
  } finally {
    db.close();
  }
});

test("contacts:sync with an unknown key exits 1", async (t) => {
  const cli = cliFor(t);
  assert.equal(await cli.run("contacts:sync", "ffffffffffffffffffff"), 1);
});

test("contacts:sync of every source exits 1 when one fails, and prints the error with the contacts kept", async (t) => {
  const cli = cliFor(t);
  await writeLegacySipgate(t, cli);
  assert.equal(await cli.run("contacts:import-legacy", cli.legacy), 0);
  assert.equal(await cli.run("contacts:sync"), 0, "a first sync fetches the contact");
  t.after(() => void (s.sipgate.oauth.failApi = 0));
  s.sipgate.oauth.failApi = 1000;
  assert.equal(await cli.run("contacts:sync"), 1);
  assert.ok(cli.lines.some((l) => /error +1 contacts .*503/.test(l)), cli.lines.join("\n"));
});

test("import-legacy without a folder or with an unknown provider is a usage error (exit 2)", async (t) => {
  const cli = cliFor(t);
  assert.equal(await cli.run("contacts:import-legacy"), 2);
  assert.equal(await cli.run("contacts:import-legacy", cli.legacy, "google"), 2);
});
