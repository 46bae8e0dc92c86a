import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import { listContacts } from "../../db/contacts.ts";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { LOOPBACK_SERVICECONFIG } from "../helpers/server.ts";
import { connect, keyOf, startWithFakes, switchboardYaml, switchboardYamlFor, type Setup } from "./helpers.ts";

const xml = readFileSync(new URL("../fixtures/fritzbox-phonebook.xml", import.meta.url), "utf8");
const ONLY = "<phonebooks><phonebook><contact><person><realName>Only</realName></person></contact></phonebook></phonebooks>";

// One Switchboard and one FRITZ!Box for the file. Each test works on sources it creates; a test that takes the box
// down or changes a config file puts it back with t.after.
let s: Setup;
let box: Server;
let boxUrl = "";
let boxDown = false;

before(async () => {
  s = await startWithFakes();
  // A FRITZ!Box (or fritzco) serving a phone book at /books/0.xml (with any query, so each test has its own URL).
  box = createServer((req, res) => {
    if (boxDown) return void res.writeHead(500).end();
    if (new URL(req.url ?? "/", "http://box").pathname === "/books/0.xml") return void res.writeHead(200, { "Content-Type": "text/xml" }).end(xml);
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => box.listen(0, "127.0.0.1", ok));
  boxUrl = `http://127.0.0.1:${(box.address() as { port: number }).port}`;
});
after(async () => {
  await s.close();
  box.close();
});

const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  s.server.request(path, {
    method,
    headers: { "Content-Type": "application/json", Origin: s.server.url, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** Uploads the fixture export as a new source; its view as the API answered it. */
async function uploaded(label = "Büro"): Promise<{ key: string; provider: string; label: string; contact_count: number }> {
  const up = await send("POST", "/api/admin/contact-sources", { xml, label });
  assert.equal(up.status, 201, up.body);
  return JSON.parse(up.body);
}

const sourceCount = () => s.server.app.db.prepare("SELECT count(*) FROM contact_sources").pluck().get();

test("the list shows providers and sources without any token", async () => {
  const key = keyOf(await connect(s.server, s.sipgate, "provider=sipgate"));
  const res = await s.server.get("/api/admin/contact-sources");
  assert.equal(res.status, 200);
  const data = JSON.parse(res.body);
  assert.deepEqual(data.providers.map((p: { provider: string; configured: boolean }) => [p.provider, p.configured]), [["microsoft", true], ["sipgate", true]]);
  const source = data.sources.find((x: { key: string }) => x.key === key);
  assert.equal(source.provider, "sipgate");
  assert.equal(source.status, "ok");
  const stored = getSourceByKey(s.server.app.db, key)!;
  assert.ok(!res.body.includes(stored.refresh_token!) && !res.body.includes(stored.access_token!));
  assert.ok(!/token/.test(Object.keys(source).join(",")));
});

test("an uploaded FRITZ!Box export becomes a source with its label and contacts", async () => {
  const created = await uploaded("Büro");
  assert.equal(created.provider, "fritzbox");
  assert.equal(created.label, "Büro");
  assert.equal(created.contact_count, 3);
});

test("a source can be renamed", async () => {
  const created = await uploaded();
  const renamed = await send("PATCH", `/api/admin/contact-sources/${created.key}`, { label: "Office" });
  assert.equal(JSON.parse(renamed.body).label, "Office");
});

test("uploading into a FRITZ!Box source's key replaces its contacts", async () => {
  const created = await uploaded();
  const replaced = await send("POST", "/api/admin/contact-sources", { key: created.key, xml: ONLY });
  assert.equal(JSON.parse(replaced.body).contact_count, 1);
});

test("deleting a source deletes its contacts too", async () => {
  const created = await uploaded();
  const id = getSourceByKey(s.server.app.db, created.key)!.id;
  const del = await send("DELETE", `/api/admin/contact-sources/${created.key}`, {});
  assert.equal(del.status, 200);
  assert.equal(getSourceByKey(s.server.app.db, created.key), undefined);
  assert.equal(s.server.app.db.prepare("SELECT count(*) FROM contacts WHERE source_id = ?").pluck().get(id), 0);
});

test("a broken upload is a 422 and changes nothing", async () => {
  const before = sourceCount();
  const res = await send("POST", "/api/admin/contact-sources", { xml: "<html><body>oops</body></html>" });
  assert.equal(res.status, 422);
  assert.match(JSON.parse(res.body).error, /not a FRITZ!Box phone book/);
  assert.equal(sourceCount(), before, "no source was added");
});

test("a phone book URL is fetched when it is added", async () => {
  const res = await send("POST", "/api/admin/contact-sources", { url: `${boxUrl}/books/0.xml?added`, label: "fritzco" });
  assert.equal(res.status, 201, res.body);
  assert.equal(JSON.parse(res.body).contact_count, 3);
});

test("'sync now' of a phone book URL: an outage keeps the contacts, the next sync works again", async (t) => {
  const res = await send("POST", "/api/admin/contact-sources", { url: `${boxUrl}/books/0.xml?outage`, label: "fritzco" });
  assert.equal(res.status, 201, res.body);
  const { key } = JSON.parse(res.body);
  t.after(() => void (boxDown = false));
  boxDown = true;
  const sync = JSON.parse((await send("POST", `/api/admin/contact-sources/${key}/sync`, {})).body);
  assert.equal(sync.ok, false);
  assert.equal(sync.status, "error");
  assert.match(sync.last_error, /HTTP 500/);
  assert.equal(sync.contact_count, 3);
  boxDown = false;
  const again = JSON.parse((await send("POST", `/api/admin/contact-sources/${key}/sync`, {})).body);
  assert.equal(again.ok, true);
  assert.equal(listContacts(s.server.app.db, [getSourceByKey(s.server.app.db, key)!.id]).length, 3);
});

test("phone books listed in switchboard.yml appear as sources", async (t) => {
  switchboardYamlFor(t, s, switchboardYaml(s, `  fritzbox:\n    - {name: "Home box", url: "${boxUrl}/books/1.xml"}\n`));
  const data = JSON.parse((await s.server.get("/api/admin/contact-sources")).body);
  assert.ok(data.sources.some((x: { label: string; source_url: string }) => x.label === "Home box" && x.source_url === `${boxUrl}/books/1.xml`));
});

test("changes need an Origin, and it must be this server's", async () => {
  const noOrigin = await s.server.request("/api/admin/contact-sources", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ xml }) });
  assert.equal(noOrigin.status, 403);
  const foreign = await send("POST", "/api/admin/contact-sources", { xml }, { Origin: "https://evil.example" });
  assert.equal(foreign.status, 403);
});

test("changes must be sent as JSON (a form post is a 415)", async () => {
  const form = await s.server.request("/api/admin/contact-sources", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: s.server.url }, body: "xml=1" });
  assert.equal(form.status, 415);
});

test("deleting an unknown key is a 404", async () => {
  assert.equal((await send("DELETE", "/api/admin/contact-sources/0123456789abcdef0123", {})).status, 404);
});

test("a blank name, neither xml nor url, and a URL that is not http(s) are each a 422", async () => {
  const { key } = await uploaded();
  assert.equal((await send("PATCH", `/api/admin/contact-sources/${key}`, { label: " " })).status, 422);
  assert.equal((await send("POST", "/api/admin/contact-sources", { nothing: 1 })).status, 422);
  assert.equal((await send("POST", "/api/admin/contact-sources", { url: "ftp://x" })).status, 422);
});

test("with auth on, only admins get in", async (t) => {
  t.after(() => s.server.writeConfig("serviceconfig.yml", LOOPBACK_SERVICECONFIG));
  s.server.writeConfig("serviceconfig.yml", "auth:\n  enabled: true\n  users:\n    a: {username: admin, password: pw, role: admin}\n    m: {username: mon, password: pw, role: monitor}\n");
  assert.equal((await s.server.get("/api/admin/contact-sources")).status, 401);
  const basic = (u: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:pw`).toString("base64")}` });
  assert.equal((await s.server.get("/api/admin/contact-sources", { headers: basic("mon") })).status, 403);
  assert.equal((await s.server.get("/api/admin/contact-sources", { headers: basic("admin") })).status, 200);
  assert.equal((await s.server.get("/oauth-grant?provider=microsoft")).status, 401, "starting a connect is for admins");
});

test("uploading into a key that is not a FRITZ!Box source is a 404 and leaves that source alone", async () => {
  const unknown = await send("POST", "/api/admin/contact-sources", { xml, key: "0123456789abcdef0123" });
  assert.equal(unknown.status, 404);
  const sipgateKey = keyOf(await connect(s.server, s.sipgate, "provider=sipgate"));
  const count = getSourceByKey(s.server.app.db, sipgateKey)!.contact_count;
  const res = await send("POST", "/api/admin/contact-sources", { xml, key: sipgateKey });
  assert.equal(res.status, 404);
  assert.equal(getSourceByKey(s.server.app.db, sipgateKey)!.contact_count, count);
  assert.equal(getSourceByKey(s.server.app.db, sipgateKey)!.provider, "sipgate");
});
