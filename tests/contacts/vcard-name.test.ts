// A vCard's N is what many phones and address books sort and show by: when a source gives only a display name
// (FRITZ!Box, sipgate, many Graph contacts), N is read from it instead of going out empty as N:;;;;.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ICAL from "ical.js";
import { sourceWith, tel } from "../fixtures/contacts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;

// Every test only reads this book.
before(async () => {
  server = await startTestServer();
  sourceWith(server.app, "book", [
    { display_name: "Anna Maria Müller", numbers: [tel("mobile", "+49 170 1")] },
    { display_name: "Schmidt, Bernd", numbers: [tel("work", "+49 30 2")] },
    { display_name: "Rezeption", numbers: [tel("work", "+49 30 3")] },
    { company: "Bäckerei Schulz GmbH", numbers: [tel("work", "+49 30 4")] },
    { display_name: "Chef", given_name: "Carla", family_name: "Weber", numbers: [tel("work", "+49 30 5")] },
    { display_name: "Ünïcødé; Name,  With Spaces", numbers: [tel("work", "+49 30 6")] },
    { numbers: [tel("mobile", "+49 170 7")] },
  ]);
});
after(() => server.close());

/** FN → N of every card, read back by ical.js. */
async function namesOf(version = "3.0"): Promise<Record<string, string[]>> {
  const res = await server.get(`/vcard?key=book&version=${version}`);
  assert.equal(res.status, 200, res.body);
  const parsed = ICAL.parse(res.body) as unknown[];
  return Object.fromEntries(parsed.map((c) => {
    const card = new ICAL.Component(c as never);
    return [String(card.getFirstPropertyValue("fn")), card.getFirstPropertyValue("n") as unknown as string[]];
  }));
}

test("a display name alone gives N: the last word is the family name, the rest the given names", async () => {
  assert.deepEqual((await namesOf())["Anna Maria Müller"], ["Müller", "Anna Maria", "", "", ""]);
});

test("'Family, Given' gives N in that order", async () => {
  assert.deepEqual((await namesOf())["Schmidt, Bernd"], ["Schmidt", "Bernd", "", "", ""]);
});

test("one word, or a company without a person, is all family name", async () => {
  const names = await namesOf();
  assert.deepEqual(names["Rezeption"], ["Rezeption", "", "", "", ""]);
  assert.deepEqual(names["Bäckerei Schulz GmbH"], ["Bäckerei Schulz GmbH", "", "", "", ""]);
});

test("the source's own family and given names win over the display name", async () => {
  assert.deepEqual((await namesOf())["Chef"], ["Weber", "Carla", "", "", ""]);
});

test("a derived N keeps its escaping, and vCard 4.0 derives it too", async () => {
  const v4 = await namesOf("4.0");
  assert.deepEqual(v4["Anna Maria Müller"], ["Müller", "Anna Maria", "", "", ""]);
  // ical.js keeps the backslash of "\;" in a 3.0 FN, so the card is found by the start of its FN.
  const escaped = Object.entries(await namesOf()).find(([fn]) => fn.startsWith("Ünïcødé"));
  assert.deepEqual(escaped?.[1], ["Ünïcødé; Name", "With Spaces", "", "", ""]);
});

test("no card of a named contact carries an empty N; a contact with only a number keeps N empty", async () => {
  const body = (await server.get("/vcard?key=book")).body;
  assert.equal(body.match(/^N:;;;;\r$/gm)?.length, 1, "only the number-only contact");
  assert.deepEqual((await namesOf())["+49 170 7"], ["", "", "", "", ""]);
});
