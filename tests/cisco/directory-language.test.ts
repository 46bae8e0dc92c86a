// The phone directory in the office's language (switchboard.yml directory.language): every text the phone shows,
// the softkeys and the messages, read back through xmllint and xmldom. Empty pages offer no Dial key.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { validateSwitchboard } from "../../core/config/switchboard.ts";
import { manyContacts, sourceWith, tel } from "../fixtures/contacts.ts";
import { parseDirectory, parseInput, parseMenu, parseText, pathOf } from "../helpers/cisco.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const PUBLIC = "http://pbx.test:8080";
let de: TestServer;
let en: TestServer;

// Every test only reads these books.
before(async () => {
  de = await startTestServer({ "switchboard.yml": `public_url: "${PUBLIC}"\ndirectory:\n  language: de\n` });
  en = await startTestServer({ "switchboard.yml": `public_url: "${PUBLIC}"\n` });
  for (const server of [de, en]) {
    sourceWith(server.app, "buero", [
      { display_name: "Anna Müller", numbers: [tel("mobile", "+49 170 1234567"), tel("work", "030 1234"), tel("home", "030 5555")] },
      { display_name: "Zoë Ärger", numbers: [tel("fax_home", "030 9999"), tel("other", "030 8888", "Ferienhaus")] },
    ]);
    sourceWith(server.app, "k33", manyContacts(33));
    sourceWith(server.app, "leer", []);
  }
});
after(async () => {
  await de.close();
  await en.close();
});

const dir = async (server: TestServer, path: string, headers: Record<string, string> = {}) => {
  const res = await server.get(path, { headers });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.headers.get("content-type"), "text/xml; charset=utf-8");
  return res.body;
};
const softKeys = (body: string) => parseDirectory(body).softKeys.map((k) => k.name);

test("German: the menu offers Suchen and Alle Kontakte", async () => {
  const menu = parseMenu(await dir(de, "/cisco/directory?key=buero"));
  assert.deepEqual(menu.items.map((i) => i.name), ["Suchen", "Alle Kontakte"]);
  assert.match(await dir(de, "/cisco/directory?key=buero"), /<Prompt>Bitte wählen<\/Prompt>/);
});

test("German: the search form asks for Name oder Nummer", async () => {
  const menu = parseMenu(await dir(de, "/cisco/directory?key=buero"));
  const body = await dir(de, pathOf(menu.items[0].url, PUBLIC));
  assert.deepEqual(parseInput(body).items.map((i) => i.displayName), ["Name", "Nummer"]);
  assert.match(body, /<Prompt>Name oder Nummer<\/Prompt>/);
});

test("German: entries carry German number labels, custom labels stay as the source wrote them", async () => {
  const page = parseDirectory(await dir(de, "/cisco/directory?key=buero&list=all"));
  assert.deepEqual(page.entries.map((e) => e.name), [
    "Anna Müller (Mobil)", "Anna Müller (Arbeit)", "Anna Müller (Privat)", "Zoë Ärger (Fax privat)", "Zoë Ärger (Ferienhaus)",
  ]);
});

test("German: pages count '1–32 von 33' and page with Wählen, Weiter, Zurück, Suchen, Beenden", async () => {
  const p1 = parseDirectory(await dir(de, "/cisco/directory?key=k33&list=all"));
  assert.equal(p1.prompt, "1–32 von 33");
  assert.deepEqual(p1.softKeys.map((k) => k.name), ["Wählen", "Weiter", "Suchen", "Beenden"]);
  const p2 = parseDirectory(await dir(de, pathOf(p1.softKeys[1].url, PUBLIC)));
  assert.equal(p2.prompt, "33–33 von 33");
  assert.deepEqual(p2.softKeys.map((k) => k.name), ["Wählen", "Zurück", "Suchen", "Beenden"]);
});

test("German: a search is titled 'Suche: …'", async () => {
  const page = parseDirectory(await dir(de, "/cisco/directory?key=buero&q=anna"));
  assert.equal(page.title, "Suche: anna");
  assert.equal(page.entries.length, 3);
});

test("German: 'Nichts gefunden' carries no Wählen key", async () => {
  const body = await dir(de, "/cisco/directory?key=buero&q=niemand");
  assert.equal(parseDirectory(body).prompt, "Nichts gefunden");
  assert.deepEqual(softKeys(body), ["Suchen", "Beenden"]);
});

test("German: an empty book says 'Keine Kontakte' without a Wählen key", async () => {
  const body = await dir(de, "/cisco/directory?key=leer&list=all");
  assert.equal(parseDirectory(body).prompt, "Keine Kontakte");
  assert.deepEqual(softKeys(body), ["Suchen", "Beenden"]);
});

test("German: reverse lookup says '1 gefunden', or 'Unbekannter Anrufer' with no Wählen key", async () => {
  const known = parseDirectory(await dir(de, "/cisco/directory?key=buero&n=01701234567"));
  assert.equal(known.prompt, "1 gefunden");
  assert.deepEqual(known.softKeys.map((k) => k.name), ["Wählen", "Beenden"]);
  const unknown = parseDirectory(await dir(de, "/cisco/directory?key=buero&n=0307777777"));
  assert.equal(unknown.prompt, "Unbekannter Anrufer");
  assert.equal(unknown.entries.length, 0);
  assert.deepEqual(unknown.softKeys.map((k) => k.name), ["Beenden"]);
});

test("German: messages to the person at the phone are German", async () => {
  const tooShort = parseText(await dir(de, "/cisco/directory?key=buero&qn=12"));
  assert.equal(tooShort.title, "Suchen");
  assert.match(tooShort.text, /drei Ziffern/);
  const unknownKey = parseText(await dir(de, "/cisco/directory?key=gibtsnicht"));
  assert.equal(unknownKey.title, "Telefonbuch");
  assert.match(unknownKey.text, /"gibtsnicht" ist unbekannt/);
  assert.match(parseText(await dir(de, "/cisco/directory")).text, /Kein Telefonbuch-Schlüssel.*\?key=/);
});

test("German on a 7900-series phone: umlauts written out (ae, oe, ue), not dropped", async () => {
  const body = await dir(de, "/cisco/directory?key=buero&list=all", { "x-CiscoIPPhoneModelName": "CP-7941G" });
  const page = parseDirectory(body);
  assert.equal(page.entries[0].name, "Anna Mueller (Mobil)");
  assert.equal(page.entries[3].name, "Zoe Aerger (Fax privat)");
  assert.equal(page.softKeys[0].name, "Waehlen");
  assert.ok(/^[\x20-\x7e]*$/.test(page.prompt), page.prompt);
});

test("English stays the default, and its empty pages carry no Dial key either", async () => {
  const menu = parseMenu(await dir(en, "/cisco/directory?key=buero"));
  assert.deepEqual(menu.items.map((i) => i.name), ["Search", "All contacts"]);
  const list = parseDirectory(await dir(en, "/cisco/directory?key=k33&list=all"));
  assert.equal(list.prompt, "1–32 of 33");
  assert.deepEqual(list.softKeys.map((k) => k.name), ["Dial", "Next", "Search", "Exit"]);
  assert.deepEqual(parseDirectory(await dir(en, "/cisco/directory?key=buero&list=all")).entries.map((e) => e.name).slice(3),
    ["Zoë Ärger (Fax (home))", "Zoë Ärger (Ferienhaus)"]);
  const none = await dir(en, "/cisco/directory?key=buero&q=nobody");
  assert.equal(parseDirectory(none).prompt, "Nothing found");
  assert.deepEqual(softKeys(none), ["Search", "Exit"]);
  const unknown = await dir(en, "/cisco/directory?key=buero&n=0307777777");
  assert.equal(parseDirectory(unknown).prompt, "Unknown caller");
  assert.deepEqual(softKeys(unknown), ["Exit"]);
});

test("directory.language accepts only languages with a table, says which, and defaults to en", () => {
  assert.equal(validateSwitchboard({}, "switchboard.yml").config.directory.language, "en");
  assert.equal(validateSwitchboard({ directory: { language: "de" } }, "switchboard.yml").config.directory.language, "de");
  const { problems } = validateSwitchboard({ directory: { language: "fr" } }, "switchboard.yml");
  assert.deepEqual(problems.map((p) => p.message), ["directory.language must be one of en, de (got \"fr\")"]);
});
