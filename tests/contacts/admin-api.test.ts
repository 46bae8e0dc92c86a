import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import { listContacts } from "../../db/contacts.ts";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { connect, keyOf, startWithFakes, type Setup } from "./helpers.ts";

const xml = readFileSync(new URL("../fixtures/fritzbox-phonebook.xml", import.meta.url), "utf8");
let s: Setup;
let box: Server;
let boxUrl = "";
let boxDown = false;

before(async () => {
  s = await startWithFakes();
  // A FRITZ!Box (or fritzco) serving a phone book at /books/0.xml.
  box = createServer((req, res) => {
    if (boxDown) return void res.writeHead(500).end();
    if (req.url === "/books/0.xml") return void res.writeHead(200, { "Content-Type": "text/xml" }).end(xml);
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

test("upload a FRITZ!Box export, rename it, replace its content, delete it", async () => {
  const up = await send("POST", "/api/admin/contact-sources", { xml, label: "Büro" });
  assert.equal(up.status, 201, up.body);
  const created = JSON.parse(up.body);
  assert.equal(created.provider, "fritzbox");
  assert.equal(created.label, "Büro");
  assert.equal(created.contact_count, 3);
  const renamed = await send("PATCH", `/api/admin/contact-sources/${created.key}`, { label: "Office" });
  assert.equal(JSON.parse(renamed.body).label, "Office");
  const replaced = await send("POST", "/api/admin/contact-sources", { key: created.key, xml: "<phonebooks><phonebook><contact><person><realName>Only</realName></person></contact></phonebook></phonebooks>" });
  assert.equal(JSON.parse(replaced.body).contact_count, 1);
  const id = getSourceByKey(s.server.app.db, created.key)!.id;
  const del = await send("DELETE", `/api/admin/contact-sources/${created.key}`, {});
  assert.equal(del.status, 200);
  assert.equal(getSourceByKey(s.server.app.db, created.key), undefined);
  assert.equal(s.server.app.db.prepare("SELECT count(*) FROM contacts WHERE source_id = ?").pluck().get(id), 0);
});

test("a broken upload is a 422 and changes nothing", async () => {
  const res = await send("POST", "/api/admin/contact-sources", { xml: "<html><body>oops</body></html>" });
  assert.equal(res.status, 422);
  assert.match(JSON.parse(res.body).error, /not a FRITZ!Box phone book/);
});

test("a phone book URL is fetched now and on 'sync now'; an outage keeps the contacts", async () => {
  const res = await send("POST", "/api/admin/contact-sources", { url: `${boxUrl}/books/0.xml`, label: "fritzco" });
  assert.equal(res.status, 201, res.body);
  const { key, contact_count } = JSON.parse(res.body);
  assert.equal(contact_count, 3);
  boxDown = true;
  try {
    const sync = JSON.parse((await send("POST", `/api/admin/contact-sources/${key}/sync`, {})).body);
    assert.equal(sync.ok, false);
    assert.equal(sync.status, "error");
    assert.match(sync.last_error, /HTTP 500/);
    assert.equal(sync.contact_count, 3);
  } finally {
    boxDown = false;
  }
  const again = JSON.parse((await send("POST", `/api/admin/contact-sources/${key}/sync`, {})).body);
  assert.equal(again.ok, true);
  assert.equal(listContacts(s.server.app.db, [getSourceByKey(s.server.app.db, key)!.id]).length, 3);
});

test("phone books listed in switchboard.yml appear as sources", async () => {
  const { switchboardYaml } = await import("./helpers.ts");
  s.server.writeConfig("switchboard.yml", switchboardYaml(s, `  fritzbox:\n    - {name: "Home box", url: "${boxUrl}/books/1.xml"}\n`));
  const data = JSON.parse((await s.server.get("/api/admin/contact-sources")).body);
  assert.ok(data.sources.some((x: { label: string; source_url: string }) => x.label === "Home box" && x.source_url === `${boxUrl}/books/1.xml`));
});

test("changes need a same-origin Origin and a JSON body", async () => {
  const noOrigin = await s.server.request("/api/admin/contact-sources", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ xml }) });
  assert.equal(noOrigin.status, 403);
  const foreign = await send("POST", "/api/admin/contact-sources", { xml }, { Origin: "https://evil.example" });
  assert.equal(foreign.status, 403);
  const form = await s.server.request("/api/admin/contact-sources", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: s.server.url }, body: "xml=1" });
  assert.equal(form.status, 415);
  assert.equal((await send("DELETE", "/api/admin/contact-sources/0123456789abcdef0123", {})).status, 404);
  const { key } = JSON.parse((await send("POST", "/api/admin/contact-sources", { xml })).body);
  assert.equal((await send("PATCH", `/api/admin/contact-sources/${key}`, { label: " " })).status, 422);
  assert.equal((await send("POST", "/api/admin/contact-sources", { nothing: 1 })).status, 422);
  assert.equal((await send("POST", "/api/admin/contact-sources", { url: "ftp://x" })).status, 422);
});

test("with auth on, only admins get in", async () => {
  s.server.writeConfig("serviceconfig.yml", "auth:\n  enabled: true\n  users:\n    a: {username: admin, password: pw, role: admin}\n    m: {username: mon, password: pw, role: monitor}\n");
  try {
    assert.equal((await s.server.get("/api/admin/contact-sources")).status, 401);
    const basic = (u: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:pw`).toString("base64")}` });
    assert.equal((await s.server.get("/api/admin/contact-sources", { headers: basic("mon") })).status, 403);
    assert.equal((await s.server.get("/api/admin/contact-sources", { headers: basic("admin") })).status, 200);
    assert.equal((await s.server.get("/oauth-grant?provider=microsoft")).status, 401, "starting a connect is for admins");
  } finally {
    s.server.writeConfig("serviceconfig.yml", "ip_whitelist:\n  - 127.0.0.1\nauth:\n  enabled: false\n");
  }
});

test("uploading into a key that is not a FRITZ!Box source is a 404", async () => {
  const res = await send("POST", "/api/admin/contact-sources", { xml, key: "0123456789abcdef0123" });
  assert.equal(res.status, 404);
});
