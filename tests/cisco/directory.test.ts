import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { updateSourceStatusForTest } from "../fixtures/source-status.ts";
import { manyContacts, sourceWith, tel } from "../fixtures/contacts.ts";
import { chars, parseDirectory, parseInput, parseMenu, parseText, pathOf } from "../helpers/cisco.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const PUBLIC = "http://pbx.test:8080";
let server: TestServer;

// Every test only reads these books.
before(async () => {
  server = await startTestServer({ "switchboard.yml": `public_url: "${PUBLIC}"\n` });
  const app = server.app;
  sourceWith(app, "empty", []);
  sourceWith(app, "one", [{ display_name: "Anna Müller", numbers: [tel("mobile", "+49 170 1234567")] }]);
  sourceWith(app, "k32", manyContacts(32));
  sourceWith(app, "k33", manyContacts(33));
  sourceWith(app, "k1000", manyContacts(1000));
  sourceWith(app, "office", [
    { display_name: "Émile Zola", company: "Verlag", numbers: [tel("work", "030 1234"), tel("mobile", "+33 6 12 34 56 78")] },
    { display_name: "Zoë Ärger", numbers: [tel("home", "0049 89 555 0101")] },
    { display_name: "Bernd Schmidt", numbers: [tel("mobile", "0170 999 8888")] },
    { display_name: `<b>"Tom" & 'Jerry'</b>`, numbers: [tel("work", "+49 40 777")] },
    { display_name: "Emoji 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", numbers: [tel("mobile", "+49 151 0000001")] },
    { display_name: "L".repeat(200), numbers: [tel("mobile", "+49 151 0000002")] },
  ]);
  sourceWith(app, "second", [{ display_name: "Carla Second", numbers: [tel("work", "+49 30 5555")] }]);
  const stale = sourceWith(app, "stale", [], "microsoft");
  updateSourceStatusForTest(app.db, stale.id, "needs_reconnect");
});
after(() => server.close());

const dir = async (path: string, headers: Record<string, string> = {}) => {
  const res = await server.get(path, { headers });
  assert.equal(res.status, 200, res.body);
  assert.equal(res.headers.get("content-type"), "text/xml; charset=utf-8");
  return res;
};

test("the directory URL opens a menu with Search and All contacts, also at the .php alias", async () => {
  for (const path of ["/cisco/directory?key=one", "/cisco/directory.php?key=one"]) {
    const menu = parseMenu((await dir(path)).body);
    assert.deepEqual(menu.items.map((i) => i.name), ["Search", "All contacts"]);
    assert.ok(menu.items[0].url.startsWith(`${PUBLIC}/cisco/directory`));
  }
});

test("several keys add one menu item per source", async () => {
  const menu = parseMenu((await dir("/cisco/directory?key=office,second")).body);
  assert.deepEqual(menu.items.map((i) => i.name), ["Search", "All contacts", "Book office", "Book second"]);
  const all = parseDirectory((await dir(pathOf(menu.items[1].url, PUBLIC))).body);
  assert.ok(all.entries.some((e) => e.name.startsWith("Carla Second")));
  assert.ok(all.entries.some((e) => e.name.startsWith("Bernd Schmidt")));
});

test("search opens an input with a name field (A) and a number field (T)", async () => {
  const menu = parseMenu((await dir("/cisco/directory?key=office")).body);
  const input = parseInput((await dir(pathOf(menu.items[0].url, PUBLIC))).body);
  assert.deepEqual(input.items.map((i) => [i.param, i.flags]), [["q", "A"], ["qn", "T"]]);
  assert.equal(input.url, `${PUBLIC}/cisco/directory?key=office`);
});

test("an empty book shows an empty directory with Search and Exit", async () => {
  const page = parseDirectory((await dir("/cisco/directory?key=empty&list=all")).body);
  assert.equal(page.entries.length, 0);
  assert.equal(page.prompt, "No contacts");
  assert.deepEqual(page.softKeys.map((k) => k.name), ["Search", "Exit"], "nothing to dial: no Dial key");
});

test("one entry: 'Name (Mobile)' and a dialable number", async () => {
  const res = await dir("/cisco/directory?key=one&list=all");
  const page = parseDirectory(res.body);
  assert.deepEqual(page.entries, [{ name: "Anna Müller (Mobile)", telephone: "01701234567" }]);
  assert.equal(page.prompt, "1–1 of 1");
  assert.equal(res.headers.get("refresh"), null);
});

test("32 entries fit one page without Next", async () => {
  const page = parseDirectory((await dir("/cisco/directory?key=k32&list=all")).body);
  assert.equal(page.entries.length, 32);
  assert.equal(page.prompt, "1–32 of 32");
  assert.deepEqual(page.softKeys.map((k) => k.name), ["Dial", "Search", "Exit"]);
});

/** The pages of the 33-entry book: the first, and the second reached by its Next softkey. */
async function pagesOf33() {
  const first = await dir("/cisco/directory?key=k33&list=all");
  const p1 = parseDirectory(first.body);
  const next = p1.softKeys.find((k) => k.name === "Next");
  assert.ok(next, "the first page links Next");
  const p2 = parseDirectory((await dir(pathOf(next.url, PUBLIC))).body);
  return { first, p1, next: next.url, p2 };
}

test("33 entries: the first page holds 32 and links Next in position 2", async () => {
  const { p1 } = await pagesOf33();
  assert.equal(p1.entries.length, 32);
  assert.equal(p1.prompt, "1–32 of 33");
  assert.deepEqual(p1.softKeys.map((k) => k.name), ["Dial", "Next", "Search", "Exit"]);
  assert.deepEqual(p1.softKeys.map((k) => k.position), ["1", "2", "3", "4"]);
});

test("33 entries: the first page's Refresh header points at its Next page (phones that page by Refresh)", async () => {
  const { first, next } = await pagesOf33();
  assert.equal(first.headers.get("refresh"), `0; url=${next}`);
});

test("33 entries: Next shows the 33rd entry with Prev instead of Next", async () => {
  const { p2 } = await pagesOf33();
  assert.equal(p2.prompt, "33–33 of 33");
  assert.equal(p2.entries[0].name, "Person 00033 (Mobile)");
  assert.deepEqual(p2.softKeys.map((k) => k.name), ["Dial", "Prev", "Search", "Exit"]);
});

test("33 entries: Prev from the second page gives the first page again", async () => {
  const { p1, p2 } = await pagesOf33();
  const back = parseDirectory((await dir(pathOf(p2.softKeys[1].url, PUBLIC))).body);
  assert.deepEqual(back.entries, p1.entries);
  assert.equal(back.prompt, "1–32 of 33");
});

test("1000 entries: walking Next reaches every entry once; the middle page has Prev and Next", async () => {
  let path = "/cisco/directory?key=k1000&list=all";
  const seen: string[] = [];
  let pages = 0;
  for (;;) {
    const page = parseDirectory((await dir(path)).body);
    pages++;
    seen.push(...page.entries.map((e) => e.name));
    const names = page.softKeys.map((k) => k.name);
    if (pages === 1) assert.deepEqual(names, ["Dial", "Next", "Search", "Exit"]);
    else if (page.prompt.startsWith("993")) assert.deepEqual(names, ["Dial", "Prev", "Search", "Exit"]);
    else assert.deepEqual(names, ["Dial", "Prev", "Next", "Exit"]);
    assert.equal(page.prompt, `${seen.length - page.entries.length + 1}–${seen.length} of 1000`);
    const next = page.softKeys.find((k) => k.name === "Next");
    if (!next) break;
    path = pathOf(next.url, PUBLIC);
  }
  assert.equal(pages, 32);
  assert.equal(seen.length, 1000);
  assert.equal(new Set(seen).size, 1000);
  assert.deepEqual(seen, [...seen].sort());
});

test("search by name prefix, case and accent insensitive, any word", async () => {
  for (const q of ["emile", "ÉMI", "zola", "verl"]) {
    const page = parseDirectory((await dir(`/cisco/directory?key=office&q=${encodeURIComponent(q)}`)).body);
    assert.deepEqual(page.entries.map((e) => e.name), ["Émile Zola (Work)", "Émile Zola (Mobile)"], q);
  }
  const zoe = parseDirectory((await dir(`/cisco/directory?key=office&q=zoe%20arg`)).body);
  assert.deepEqual(zoe.entries.map((e) => e.name), ["Zoë Ärger (Home)"]);
});

test("a long search keeps the title (which repeats it) at 32 characters", async () => {
  const longQuery = parseDirectory((await dir(`/cisco/directory?key=office&q=${"ü".repeat(60)}`)).body);
  assert.equal(chars(longQuery.title), 32);
});

test("a name search that finds nobody says 'Nothing found'", async () => {
  const none = parseDirectory((await dir(`/cisco/directory?key=office&q=nobody`)).body);
  assert.equal(none.entries.length, 0);
  assert.equal(none.prompt, "Nothing found");
});

test("search by number digits finds a substring, as typed or normalized", async () => {
  const byDigits = parseDirectory((await dir(`/cisco/directory?key=office&qn=9998`)).body);
  assert.deepEqual(byDigits.entries.map((e) => e.name), ["Bernd Schmidt (Mobile)"]);
  const national = parseDirectory((await dir(`/cisco/directory?key=office&q=${encodeURIComponent("089 555")}`)).body);
  assert.deepEqual(national.entries.map((e) => e.name), ["Zoë Ärger (Home)"]);
});

test("a number search with fewer than three digits asks for more instead of listing everyone", async () => {
  const tooShort = parseText((await dir(`/cisco/directory?key=office&qn=12`)).body);
  assert.match(tooShort.text, /three digits/);
});

test("search results page with the query kept in the links", async () => {
  const p1 = parseDirectory((await dir("/cisco/directory?key=k1000&q=person%2000")).body);
  assert.equal(p1.entries.length, 32);
  const next = p1.softKeys.find((k) => k.name === "Next")!;
  assert.match(next.url, /q=person\+00/);
  const p2 = parseDirectory((await dir(pathOf(next.url, PUBLIC))).body);
  assert.equal(p2.entries[0].name, "Person 00033 (Mobile)");
});

test("reverse lookup matches numbers written differently", async () => {
  for (const n of ["+49 30 1234", "0301234", "0049 30 1234", "+49301234"]) {
    const page = parseDirectory((await dir(`/cisco/directory?key=office&n=${encodeURIComponent(n)}`)).body);
    assert.deepEqual(page.entries.map((e) => e.name), ["Émile Zola (Work)"], n);
    assert.equal(page.entries[0].telephone, "0301234");
  }
  const unknown = parseDirectory((await dir(`/cisco/directory?key=office&n=0307777777`)).body);
  assert.equal(unknown.entries.length, 0);
});

test("hostile names are escaped in the XML and read back unchanged", async () => {
  const res = await dir("/cisco/directory?key=office&list=all");
  assert.ok(res.body.includes("&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;"));
  const tom = parseDirectory(res.body).entries.find((e) => e.name.includes("Tom"))!;
  assert.equal(tom.name, `<b>"Tom" & 'Jerry'</b> (Work)`);
});

test("long names are cut to 32 characters without splitting a character, keeping the label", async () => {
  const page = parseDirectory((await dir("/cisco/directory?key=office&list=all")).body);
  const emoji = page.entries.find((e) => e.name.startsWith("Emoji"))!;
  assert.equal(chars(emoji.name), 32);
  assert.ok(emoji.name.endsWith("… (Mobile)"));
  const long = page.entries.find((e) => e.name.startsWith("LLL"))!;
  assert.equal(chars(long.name), 32);
});

test("a foreign number is dialled with the international prefix", async () => {
  const page = parseDirectory((await dir("/cisco/directory?key=office&list=all")).body);
  const intl = page.entries.find((e) => e.name === "Émile Zola (Mobile)")!;
  assert.equal(intl.telephone, "0033612345678");
});

test("7900-series phones get plain ASCII names", async () => {
  const page = parseDirectory((await dir("/cisco/directory?key=office&list=all", { "x-CiscoIPPhoneModelName": "CP-7941G" })).body);
  assert.ok(page.entries.some((e) => e.name === "Emile Zola (Work)"));
  assert.ok(page.entries.every((e) => /^[\x20-\x7e]*$/.test(e.name)));
  assert.match(page.prompt, /^1-\d+ of \d+$/);
});

test("without a key the directory answers a text saying to add ?key=", async () => {
  const noKey = parseText((await dir("/cisco/directory")).body);
  assert.match(noKey.text, /\?key=/);
});

test("an unknown key answers a text naming the key as unknown", async () => {
  const unknown = parseText((await dir("/cisco/directory?key=nope")).body);
  assert.match(unknown.text, /"nope" is unknown/);
});

test("a source that needs a reconnect answers a text saying it must be reconnected", async () => {
  const stale = parseText((await dir("/cisco/directory?key=stale")).body);
  assert.match(stale.text, /reconnected/);
});

test("a mangled paging cursor starts from the first page", async () => {
  const page = parseDirectory((await dir("/cisco/directory?key=k33&after=%%%garbage&start=99")).body);
  assert.equal(page.prompt, "1–32 of 33");
});
