// German is written with umlauts or without them ("Müller", "Mueller"; "Straße", "Strasse"), and a phone keypad
// has no ü: a directory search finds either spelling whichever was typed or stored, through HTTP as phones ask.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sourceWith, tel } from "../fixtures/contacts.ts";
import { parseDirectory } from "../helpers/cisco.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;

// Every test only reads this book.
before(async () => {
  server = await startTestServer();
  sourceWith(server.app, "book", [
    { display_name: "Anna Müller", numbers: [tel("mobile", "+49 170 1")] },
    { display_name: "Bernd Mueller", numbers: [tel("mobile", "+49 170 2")] },
    { display_name: "Jörg Schröder", company: "Blumen Straße GmbH", numbers: [tel("work", "+49 30 3")] },
    { display_name: "Carla Strasser", numbers: [tel("work", "+49 30 4")] },
    { display_name: "Murat Yilmaz", numbers: [tel("mobile", "+49 170 5")] },
    { display_name: "Manuel Neuer", numbers: [tel("mobile", "+49 170 6")] },
    { display_name: "Käthe Baeck", numbers: [tel("home", "+49 30 7")] },
  ]);
});
after(() => server.close());

/** The names a directory search shows, each once, in directory order. */
async function found(q: string): Promise<string[]> {
  const res = await server.get(`/cisco/directory?key=book&q=${encodeURIComponent(q)}`);
  assert.equal(res.status, 200, res.body);
  return [...new Set(parseDirectory(res.body).entries.map((e) => e.name.replace(/ \(.*\)$/, "")))];
}

test("'mueller' finds Müller and Mueller", async () => {
  assert.deepEqual(await found("mueller"), ["Anna Müller", "Bernd Mueller"]);
  assert.deepEqual(await found("Anna Mueller"), ["Anna Müller"]);
});

test("'müller' finds Mueller, stored without the umlaut, and Müller", async () => {
  assert.deepEqual(await found("müller"), ["Anna Müller", "Bernd Mueller"]);
  assert.deepEqual(await found("muller"), ["Anna Müller", "Bernd Mueller"]);
});

test("a prefix in either spelling finds the name, and 'mue' is not every 'mu'", async () => {
  assert.deepEqual(await found("mue"), ["Anna Müller", "Bernd Mueller"]);
  assert.deepEqual(await found("mü"), ["Anna Müller", "Bernd Mueller", "Murat Yilmaz"]);
  assert.deepEqual(await found("schroe"), ["Jörg Schröder"]);
  assert.deepEqual(await found("joerg"), ["Jörg Schröder"]);
  assert.deepEqual(await found("kaethe"), ["Käthe Baeck"]);
  assert.deepEqual(await found("back"), ["Käthe Baeck"]);
});

test("'strasse' finds Straße and 'straße' finds Strasser", async () => {
  assert.deepEqual(await found("strasse"), ["Carla Strasser", "Jörg Schröder"]);
  assert.deepEqual(await found("straße"), ["Carla Strasser", "Jörg Schröder"]);
});

test("names with ue that is no umlaut are still found as typed", async () => {
  assert.deepEqual(await found("manu"), ["Manuel Neuer"]);
  assert.deepEqual(await found("neuer"), ["Manuel Neuer"]);
  assert.deepEqual(await found("neu"), ["Manuel Neuer"]);
});

test("the dialer's suggestions fold the same way", async () => {
  const res = await server.get("/api/dialer/suggest?key=book&q=mueller");
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(JSON.parse(res.body).suggestions.map((s: { name: string }) => s.name), ["Anna Müller", "Bernd Mueller"]);
});
