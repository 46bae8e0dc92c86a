// A big phone book's order in memory, seen from the phone and from /metrics: read after start and again after a
// sync, shown as a gauge with its memory, and the phone's pages the same whether it is in yet or not.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ORDER_FROM } from "../../db/contact-search.ts";
import { replaceContacts } from "../../db/contacts.ts";
import { manyContacts, sourceWith, storedContact } from "../fixtures/contacts.ts";
import { parseDirectory } from "../helpers/cisco.ts";
import { parseMetrics } from "../helpers/prometheus.ts";
import { startTestServer } from "../helpers/server.ts";

test("a big book's order is read after a sync, shown in /metrics, and the phone's pages are the same before and after", async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const people = manyContacts(ORDER_FROM);
  const book = sourceWith(server.app, "big", people);
  const held = async () => {
    const m = parseMetrics((await server.get("/metrics")).body);
    return [Number(m.get("directory_orders_in_memory")!.metrics[0].value), Number(m.get("directory_order_memory_bytes")!.metrics[0].value)];
  };
  assert.deepEqual(await held(), [0, 0], "nothing read yet: the book was filled after start");
  // Digit searches with ten matches each (+49 170 1000120 to …129), so driven from their matches.
  const search = async (q: string) => parseDirectory((await server.get(`/cisco/directory?key=big&q=${q}`)).body).entries.map((e) => `${e.name} ${e.telephone}`);
  const fromIndex = await search("00012");
  await server.app.directorySearch.settled();
  const [count, bytes] = await held();
  assert.equal(count, 1);
  // Four 32-bit integers per number and two per contact at least.
  assert.ok(bytes >= ORDER_FROM * 6 * 4, `${bytes} bytes`);
  const pages = server.app.directorySearch.orderedPages;
  assert.deepEqual(await search("00012"), fromIndex);
  assert.ok(server.app.directorySearch.orderedPages > pages, "answered from the order");

  // A sync that renames one of ten matches: its new place shows at once (from the index), and again once the
  // order is read anew.
  replaceContacts(server.app.db, book.id, people.map((p, i) => storedContact(i === 4125 ? { ...p, display_name: "Aaron Person" } : p, i)));
  const renamed = await search("100412");
  assert.equal(renamed.length, 10);
  assert.match(renamed[0], /^Aaron Person/);
  await server.app.directorySearch.settled();
  const before = server.app.directorySearch.orderedPages;
  assert.deepEqual(await search("100412"), renamed);
  assert.ok(server.app.directorySearch.orderedPages > before, "answered from the new order");
});
