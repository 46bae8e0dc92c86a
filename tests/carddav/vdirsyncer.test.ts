// A real CardDAV client against the server (DESIGN §7): Debian's vdirsyncer discovers the book from the server's
// root (/.well-known/carddav, the principal, the home), syncs it into a folder, and syncs again after the
// FRITZ!Box the source comes from changed (a contact added, one edited, one deleted): the folder then holds
// exactly the store's contacts. `make test` installs vdirsyncer; without it this file is skipped.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import ICAL from "ical.js";
import { contactUid } from "../../core/contacts/vcard.ts";
import { createSource } from "../../db/contact-sources.ts";
import { listContacts } from "../../db/contacts.ts";
import { startFakeFritzbox } from "../fakes/fritzbox.ts";
import { startTestServer } from "../helpers/server.ts";

const skip = spawnSync("vdirsyncer", ["--version"]).status === 0 ? false : "vdirsyncer is not installed (make test installs Debian's vdirsyncer when run as root)";

interface BoxContact {
  id: string;
  name: string;
  number: string;
}

const phonebook = (contacts: BoxContact[]) => `<?xml version="1.0" encoding="utf-8"?>
<phonebooks><phonebook name="Büro">${contacts.map((c) => `<contact><person><realName>${c.name}</realName></person>
<telephony><number type="mobile" prio="1">${c.number}</number></telephony><uniqueid>${c.id}</uniqueid></contact>`).join("")}
</phonebook></phonebooks>`;

/** Runs vdirsyncer asynchronously (the server under test answers in this process meanwhile), saying yes to prompts. */
function vdirsyncer(config: string, ...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("vdirsyncer", ["-c", config, ...args], { env: { ...process.env, LANG: "C.UTF-8", LC_ALL: "C.UTF-8" } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.stdin.end("y\n".repeat(20));
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** The folder's cards as UID → "FN | TEL". */
function folderCards(dir: string): Map<string, string> {
  const cards = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".vcf"))) {
    const card = new ICAL.Component(ICAL.parse(readFileSync(join(dir, file), "utf8")) as never);
    cards.set(String(card.getFirstPropertyValue("uid")), `${card.getFirstPropertyValue("fn")} | ${card.getFirstPropertyValue("tel")}`);
  }
  return cards;
}

test("vdirsyncer discovers the book from the server root, syncs it, and after upstream changes the folder matches the store", { skip, timeout: 120_000 }, async (t) => {
  const server = await startTestServer();
  const box = await startFakeFritzbox();
  const dir = mkdtempSync(join(tmpdir(), "switchboard-vdirsyncer-"));
  t.after(async () => {
    await server.close();
    await box.close();
    rmSync(dir, { recursive: true, force: true });
  });
  server.writeConfig("switchboard.yml", `public_url: "${server.url}"\ncontacts:\n  fritzbox_allowed_addresses: ["127.0.0.1"]\n`);
  const key = "vdir0book";
  const source = createSource(server.app.db, { key, provider: "fritzbox", label: "Büro", source_url: `${box.base}/books/0.xml` });
  const upstream = async (contacts: BoxContact[]) => {
    box.answers.set("/books/0.xml", { body: phonebook(contacts) });
    assert.equal((await server.app.contactSync.source(source.id)).ok, true);
  };
  /** The store's contacts as the folder should hold them. */
  const store = () => new Map(listContacts(server.app.db, [source.id]).map((c) => [contactUid(key, c.external_id), `${c.display_name} | ${c.numbers[0].number}`]));

  await upstream([
    { id: "1", name: "Anna Schmidt", number: "+49 170 1111" },
    { id: "2", name: "Jürgen Groß", number: "+49 30 2222" },
    { id: "3", name: "李小龍", number: "+86 10 3333" },
  ]);
  const config = join(dir, "config");
  const folder = join(dir, "contacts");
  mkdirSync(join(dir, "status"));
  mkdirSync(folder);
  writeFileSync(config, `[general]
status_path = "${join(dir, "status")}/"

[pair switchboard]
a = "switchboard_remote"
b = "switchboard_local"
collections = ["from a"]
conflict_resolution = "a wins"

[storage switchboard_remote]
type = "carddav"
url = "${server.url}/"
username = "fritzbox"
password = "${key}"
read_only = true

[storage switchboard_local]
type = "filesystem"
path = "${folder}/"
fileext = ".vcf"
`);
  const discover = await vdirsyncer(config, "discover");
  assert.equal(discover.code, 0, discover.output);
  const first = await vdirsyncer(config, "sync");
  assert.equal(first.code, 0, first.output);
  const book = join(folder, key);
  assert.equal(folderCards(book).size, 3);
  assert.deepEqual(folderCards(book), store());

  await upstream([
    { id: "1", name: "Anna Schmidt-Weber", number: "+49 170 1111" },
    { id: "2", name: "Jürgen Groß", number: "+49 30 2222" },
    { id: "4", name: "Zoë Ørsted", number: "+45 33 4444" },
  ]);
  const second = await vdirsyncer(config, "sync");
  assert.equal(second.code, 0, second.output);
  assert.deepEqual(folderCards(book), store(), "added, edited and deleted reached the folder");
  assert.deepEqual([...folderCards(book).values()].sort(), ["Anna Schmidt-Weber | +49 170 1111", "Jürgen Groß | +49 30 2222", "Zoë Ørsted | +45 33 4444"]);
});
