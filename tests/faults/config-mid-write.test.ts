// A config file caught half-written by the folder watcher (a copy still under way): the last good config keeps
// serving, the dashboard names the problem; when the whole file lands it is used.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const phones = (name: string) => `phones:\n  desk:\n    mac: "00:11:22:33:44:55"\n    Station_Name: "${name}"\n    Display_Name_1_: "Reception"\n`;

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within 10 s: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const stationName = async (server: TestServer) => /<Station_Name[^>]*>([^<]*)</.exec((await server.get("/001122334455.xml")).body)?.[1];
const configErrors = async (server: TestServer) => JSON.parse((await server.get("/health")).body).config.errors as { file: string }[];

test("a half-written phones.yml seen by the watcher: last good config served, the dashboard names it; the whole file is then used", async (t) => {
  const server = await startTestServer({ "phones.yml": phones("desk-1") }, { watchConfig: true });
  t.after(() => server.close());
  assert.equal(await stationName(server), "desk-1");

  const whole = phones("desk-2");
  writeFileSync(join(server.configDir, "phones.yml"), whole.slice(0, whole.indexOf("desk-2") + 3)); // cut inside a quoted value
  await until("the watcher reports the broken file", async () => (await configErrors(server)).some((e) => e.file === "phones.yml"));
  assert.equal(await stationName(server), "desk-1", "the last good config keeps serving");
  const page = await server.get("/status", { headers: { Accept: "text/html" } });
  assert.match(page.body, /config error.*the last good configuration is still served/);
  assert.match(page.body, /phones\.yml:\d+/);

  writeFileSync(join(server.configDir, "phones.yml"), whole);
  await until("the whole file is used", async () => (await stationName(server)) === "desk-2");
  assert.deepEqual(await configErrors(server), []);
});
