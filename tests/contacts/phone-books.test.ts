import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test, type TestContext } from "node:test";
import { sourcesOfKey } from "../../core/contacts/phone-books.ts";
import { parseXml, type XmlElement } from "../helpers/xml.ts";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const xml = readFileSync(new URL("../fixtures/fritzbox-phonebook.xml", import.meta.url), "utf8");

/** A server of the test's own with two uploaded FRITZ!Box sources, A and B. */
async function twoSources(t: TestContext): Promise<{ server: TestServer; a: string; b: string }> {
  const server = await startTestServer();
  t.after(() => server.close());
  const upload = async (label: string) => JSON.parse((await send(server, "POST", "/api/admin/contact-sources", { xml, label })).body).key as string;
  return { server, a: await upload("A"), b: await upload("B") };
}

/** Those two sources and a phone book "Office" of both (A named twice). */
async function officeBook(t: TestContext) {
  const world = await twoSources(t);
  const res = await send(world.server, "POST", "/api/admin/phone-books", { label: "Office", sources: [world.a, world.b, world.a] });
  return { ...world, res, book: JSON.parse(res.body) as { key: string; label: string; sources: string[] } };
}

function send(server: TestServer, method: string, path: string, body: unknown) {
  return server.request(path, { method, headers: { "Content-Type": "application/json", Origin: server.url }, body: JSON.stringify(body) });
}

const idsOf = (server: TestServer, key: string) => sourcesOfKey(server.app.db, key)?.map((s) => s.id);
const entries = (d: XmlElement) => d.children.filter((c) => c.name === "DirectoryEntry").length;
const allOf = async (server: TestServer, keys: string) => parseXml((await server.get(`/cisco/directory?${new URLSearchParams({ key: keys, list: "all" })}`)).body);

test("a phone book is created with a random key and lists its sources once each", async (t) => {
  const { res, book, a, b } = await officeBook(t);
  assert.equal(res.status, 201, res.body);
  assert.match(book.key, /^[0-9a-f]{32}$/);
  assert.deepEqual(book.sources, [a, b]);
});

test("a phone book's key resolves to its sources like a source key to its source; an unknown key to nothing", async (t) => {
  const { server, book, a, b } = await officeBook(t);
  const db = server.app.db;
  const [ida, idb] = [getSourceByKey(db, a)!.id, getSourceByKey(db, b)!.id];
  assert.deepEqual(idsOf(server, book.key), [ida, idb]);
  assert.deepEqual(idsOf(server, a), [ida]);
  assert.equal(idsOf(server, "unknown"), undefined);
});

test("the phone's directory serves a phone book's contacts under its key", async (t) => {
  const { server, book } = await officeBook(t);
  const bookPage = await allOf(server, book.key);
  assert.equal(bookPage.name, "CiscoIPPhoneDirectory");
  assert.ok(entries(bookPage) > 0);
});

test("a source named directly and through a phone book is served once", async (t) => {
  const { server, book, a } = await officeBook(t);
  const bookPage = await allOf(server, book.key);
  const bothPage = await allOf(server, `${a},${book.key}`);
  assert.equal(entries(bothPage), entries(bookPage), "a source named twice is served once");
});

test("a phone book's label and sources can be changed, and the list shows it", async (t) => {
  const { server, book, a } = await officeBook(t);
  const updated = JSON.parse((await send(server, "PUT", `/api/admin/phone-books/${book.key}`, { label: "Office only A", sources: [a] })).body);
  assert.deepEqual([updated.label, updated.sources], ["Office only A", [a]]);
  const list = JSON.parse((await server.get("/api/admin/phone-books")).body);
  assert.deepEqual(list.phone_books.map((p: { key: string }) => p.key), [book.key]);
});

test("disconnecting a source removes it from the phone books", async (t) => {
  const { server, book, a } = await officeBook(t);
  const updated = await send(server, "PUT", `/api/admin/phone-books/${book.key}`, { label: "Office only A", sources: [a] });
  assert.equal(updated.status, 200, updated.body);
  await send(server, "DELETE", `/api/admin/contact-sources/${a}`, {});
  assert.deepEqual(idsOf(server, book.key), []);
});

test("deleting a phone book leaves its sources; deleting it again is a 404", async (t) => {
  const { server, book, b } = await officeBook(t);
  assert.equal((await send(server, "DELETE", `/api/admin/phone-books/${book.key}`, {})).status, 200);
  assert.ok(getSourceByKey(server.app.db, b));
  assert.equal((await send(server, "DELETE", `/api/admin/phone-books/${book.key}`, {})).status, 404);
});

test("phone books are validated", async (t) => {
  const { server, b } = await twoSources(t);
  assert.equal((await send(server, "POST", "/api/admin/phone-books", { label: "", sources: [b] })).status, 422);
  assert.equal((await send(server, "POST", "/api/admin/phone-books", { label: "X", sources: [] })).status, 422);
  const unknown = await send(server, "POST", "/api/admin/phone-books", { label: "X", sources: ["nope"] });
  assert.equal(unknown.status, 422);
  assert.match(JSON.parse(unknown.body).error, /nope/);
  assert.equal((await send(server, "PUT", "/api/admin/phone-books/ffff", { label: "X", sources: [b] })).status, 404);
});
