// The config folder `make run` makes from config/*.example.yml: it loads, and nothing in it points phones at
// localhost (a phone reads localhost as itself) — public_url is left to be derived and the banner shows it.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { ConfigStore } from "../core/config/store.ts";
import { startupBanner } from "../core/startup-banner.ts";
import { openDatabase } from "../db/open.ts";
import { lanAddress } from "../lib/listen-address.ts";

process.env.LOG_LEVEL = "silent";
const EXAMPLES = join(import.meta.dirname, "..", "config");
const exampleFiles = () => readdirSync(EXAMPLES).filter((f) => f.endsWith(".example.yml"));

/** config/*.example.yml copied to *.yml, as `make run` does. */
function madeByMakeRun(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-examples-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const f of exampleFiles()) copyFileSync(join(EXAMPLES, f), join(dir, f.replace(".example.yml", ".yml")));
  return dir;
}

test("no example config hard-codes a localhost URL", () => {
  for (const f of exampleFiles()) assert.doesNotMatch(readFileSync(join(EXAMPLES, f), "utf8"), /:\/\/(localhost|127\.|\[::1\])/i, f);
});

test("the example folder loads without errors and leaves public_url to be derived", (t) => {
  const store = new ConfigStore(madeByMakeRun(t), { host: "0.0.0.0", port: 8080 });
  assert.deepEqual(store.errors, []);
  assert.equal(store.config.switchboard.public_url_derived, true);
});

test("started on all addresses, the example folder gives a banner without warnings", (t) => {
  if (!lanAddress()) return t.skip("this machine has no LAN address, so a derived public_url is localhost (and is warned about)");
  const store = new ConfigStore(madeByMakeRun(t), { host: "0.0.0.0", port: 8080 });
  const db = openDatabase(":memory:");
  t.after(() => db.close());
  assert.deepEqual(startupBanner(store.config, db, { host: "0.0.0.0", port: 8080 }, 0).warnings, []);
});
