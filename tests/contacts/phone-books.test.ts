import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { sourcesOfKey } from "../../core/contacts/phone-books.ts";
import { parseXml } from "../helpers/xml.ts";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const xml = readFileSync(new URL("../fixtures/fritzbox-phonebook.xml", import.meta.url), "utf8");
let server: TestServer;
let a = "";
let b = "";
before(async () => {
  server = await startTestServer();
  a = JSON.parse((await send("POST", "/api/admin/contact-sources", { xml, label: "A" })).body).key;
  b = JSON.parse((await send("POST", "/api/admin/contact-sources", { xml, label: "B" })).body).key;
});
after(() => server.close());

function send(method: string, path: string, body: unknown) {
  return server.request(path, { method, headers: { "Content-Type": "application/json", Origin: server.url }, body: JSON.stringify(body) });
}

test("a phone book combines sources under one key, resolved like a source key", async () => {
  const res = await send("POST", "/api/admin/phone-books", { label: "Office", sources: [a, b, a] });
  assert.equal(res.status, 201, res.body);
  const book = JSON.parse(res.body);
  assert.match(book.key, /^[0-9a-f]{32}$/);
  assert.deepEqual(book.sources, [a, b]);
  const db = server.app.db;
  const [ida, idb] = [getSourceByKey(db, a)!.id, getSourceByKey(db, b)!.id];
  const ids = (key: string) => sourcesOfKey(db, key)?.map((s) => s.id);
  assert.deepEqual(ids(book.key), [ida, idb]);
  assert.deepEqual(ids(a), [ida]);
  assert.equal(ids("unknown"), undefined);

  // The phone's directory serves the book's sources, each contact once even when a source is also named.
  const all = async (keys: string) => (await server.get(`/cisco/directory?${new URLSearchParams({ key: keys, list: "all" })}`)).body;
  const bookPage = parseXml(await all(book.key));
  assert.equal(bookPage.name, "CiscoIPPhoneDirectory");
  const bothPage = parseXml(await all(`${a},${book.key}`));
  const count = (d: typeof bookPage) => d.children.filter((c) => c.name === "DirectoryEntry").length;
  assert.ok(count(bookPage) > 0);
  assert.equal(count(bothPage), count(bookPage), "a source named twice is served once");

  const updated = JSON.parse((await send("PUT", `/api/admin/phone-books/${book.key}`, { label: "Office only A", sources: [a] })).body);
  assert.deepEqual([updated.label, updated.sources], ["Office only A", [a]]);
  const list = JSON.parse((await server.get("/api/admin/phone-books")).body);
  assert.deepEqual(list.phone_books.map((p: { key: string }) => p.key), [book.key]);

  // Disconnecting a source removes it from the books; deleting a book leaves the sources.
  await send("DELETE", `/api/admin/contact-sources/${a}`, {});
  assert.deepEqual(ids(book.key), []);
  assert.equal((await send("DELETE", `/api/admin/phone-books/${book.key}`, {})).status, 200);
  assert.ok(getSourceByKey(db, b));
  assert.equal((await send("DELETE", `/api/admin/phone-books/${book.key}`, {})).status, 404);
});

test("phone books are validated", async () => {
  assert.equal((await send("POST", "/api/admin/phone-books", { label: "", sources: [b] })).status, 422);
  assert.equal((await send("POST", "/api/admin/phone-books", { label: "X", sources: [] })).status, 422);
  const unknown = await send("POST", "/api/admin/phone-books", { label: "X", sources: ["nope"] });
  assert.equal(unknown.status, 422);
  assert.match(JSON.parse(unknown.body).error, /nope/);
  assert.equal((await send("PUT", "/api/admin/phone-books/ffff", { label: "X", sources: [b] })).status, 404);
});
