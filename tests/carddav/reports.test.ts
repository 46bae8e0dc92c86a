// CardDAV REPORTs (RFC 6352 §8.6–8.7, RFC 6578): multiget, query and sync-collection, and the rule that ETags and
// sync tokens move exactly when a contact changes. Each test makes its own book; changes are stored the way a
// sync stores them (db/contacts.ts replaceContacts with contacts built by the sync's buildContact).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ICAL from "ical.js";
import { savePhoneBook } from "../../db/phone-books.ts";
import { replaceContacts } from "../../db/contacts.ts";
import { sourceWith, storedContact, tel, type FixtureContact } from "../fixtures/contacts.ts";
import { basic, CARDDAV, dav, davErrorConditions, DAV, multiget, multistatus, query, syncCollection, propText } from "../helpers/dav.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const auth = (key: string) => basic("anyone", key);
const PEOPLE: FixtureContact[] = [
  { external_id: "anna", display_name: "Anna Schmidt", numbers: [tel("mobile", "+49 170 1111")], emails: [{ address: "anna@example.com", label: "work" }] },
  { external_id: "juergen", display_name: "Jürgen Groß", numbers: [tel("home", "030 2222")] },
  { external_id: "li", display_name: "李小龍", numbers: [tel("work", "+86 10 3333")], emails: [{ address: "li@example.cn", label: "home" }] },
];

/** The book's cards: href → ETag, from a Depth 1 PROPFIND. */
async function listing(key: string): Promise<Map<string, string>> {
  const { responses } = multistatus(await dav(server, "PROPFIND", `/carddav/${key}/`, { depth: "1", auth: auth(key) }));
  return new Map([...responses.values()].filter((r) => r.href.endsWith(".vcf")).map((r) => [r.href, propText(r, DAV, "getetag")!]));
}

/** Stores the book again as a sync would: exactly these contacts. */
const resync = (sourceId: number, contacts: FixtureContact[]) => replaceContacts(server.app.db, sourceId, contacts.map((c, i) => storedContact(c, i)));

const fnOf = (addressData: string) => new ICAL.Component(ICAL.parse(addressData) as never).getFirstPropertyValue("fn");

async function sync(key: string, token: string, prop?: string) {
  return multistatus(await dav(server, "REPORT", `/carddav/${key}/`, { auth: auth(key), depth: "0", body: syncCollection(token, prop) }));
}

test("addressbook-multiget: the vCards of the hrefs asked for, 404 for an unknown one, vCard 4.0 on request", async () => {
  sourceWith(server.app, "mget", PEOPLE);
  const hrefs = [...(await listing("mget")).keys()];
  const unknown = "/carddav/mget/00000000-0000-5000-8000-000000000000.vcf";
  const absolute = server.url + hrefs[1];
  const { responses } = multistatus(await dav(server, "REPORT", "/carddav/mget/", { auth: auth("mget"), body: multiget([hrefs[0], absolute, unknown]) }));
  assert.equal(responses.get(unknown)?.status, 404);
  const first = responses.get(hrefs[0])!;
  assert.equal(new ICAL.Component(ICAL.parse(propText(first, CARDDAV, "address-data")!) as never).getFirstPropertyValue("version"), "3.0");
  assert.ok(propText(responses.get(hrefs[1]), CARDDAV, "address-data"), "an absolute URL is understood (answered with the card's path)");
  const v4 = multistatus(await dav(server, "REPORT", "/carddav/mget/", { auth: auth("mget"), body: multiget([hrefs[0]], `<d:getetag/><c:address-data content-type="text/vcard" version="4.0"/>`) }));
  const card = new ICAL.Component(ICAL.parse(propText(v4.responses.get(hrefs[0]), CARDDAV, "address-data")!) as never);
  assert.equal(card.getFirstPropertyValue("version"), "4.0");
  assert.equal(propText(v4.responses.get(hrefs[0]), DAV, "getetag"), (await listing("mget")).get(hrefs[0]), "the same ETag as the listing");
});

test("a multiget cannot reach another book's cards through their href", async () => {
  sourceWith(server.app, "mget-mine", [{ display_name: "Mine" }]);
  sourceWith(server.app, "mget-theirs", [{ display_name: "Theirs" }]);
  const [theirs] = [...(await listing("mget-theirs")).keys()];
  const uid = theirs.split("/").at(-1)!;
  const { responses } = multistatus(await dav(server, "REPORT", "/carddav/mget-mine/", { auth: auth("mget-mine"), body: multiget([theirs, `/carddav/mget-mine/${uid}`]) }));
  assert.deepEqual([...responses.values()].map((r) => r.status), [404, 404]);
});

test("addressbook-query: text-match on FN, TEL and EMAIL, case- and accent-exact, anyof/allof and negate", async () => {
  sourceWith(server.app, "q", PEOPLE);
  const names = async (filter: string) => {
    const { responses } = multistatus(await dav(server, "REPORT", "/carddav/q/", { auth: auth("q"), depth: "1", body: query(filter) }));
    return [...responses.values()].map((r) => fnOf(propText(r, CARDDAV, "address-data")!)).sort();
  };
  const pf = (name: string, match: string, attrs = "") => `<c:prop-filter name="${name}"><c:text-match${attrs}>${match}</c:text-match></c:prop-filter>`;
  assert.deepEqual(await names(`<c:filter>${pf("FN", "GROSS")}</c:filter>`), [], "ß is not ss in i;unicode-casemap");
  assert.deepEqual(await names(`<c:filter>${pf("FN", "jürgen")}</c:filter>`), ["Jürgen Groß"], "case-insensitive, umlauts as written");
  assert.deepEqual(await names(`<c:filter>${pf("FN", "李", ' match-type="starts-with"')}</c:filter>`), ["李小龍"]);
  assert.deepEqual(await names(`<c:filter>${pf("TEL", "+49", ' match-type="starts-with"')}</c:filter>`), ["Anna Schmidt"], "TEL as in the vCard");
  assert.deepEqual(await names(`<c:filter>${pf("EMAIL", "ANNA@EXAMPLE.COM", ' match-type="equals"')}</c:filter>`), ["Anna Schmidt"]);
  assert.deepEqual(await names(`<c:filter>${pf("EMAIL", "example", ' negate-condition="yes"')}</c:filter>`), [], "every address has example in it");
  assert.deepEqual(await names(`<c:filter test="anyof">${pf("FN", "anna")}${pf("TEL", "2222")}</c:filter>`), ["Anna Schmidt", "Jürgen Groß"]);
  assert.deepEqual(await names(`<c:filter test="allof">${pf("FN", "anna")}${pf("TEL", "2222")}</c:filter>`), []);
  assert.deepEqual(await names(`<c:filter><c:prop-filter name="EMAIL"><c:is-not-defined/></c:prop-filter></c:filter>`), ["Jürgen Groß"]);
  assert.deepEqual(await names(""), ["Anna Schmidt", "Jürgen Groß", "李小龍"], "no filter: every card");
});

test("addressbook-query: other properties and collations are refused with their precondition; a limit truncates with 507", async () => {
  sourceWith(server.app, "q-refused", PEOPLE);
  const ask = (filter: string, limit = "") => dav(server, "REPORT", "/carddav/q-refused/", { auth: auth("q-refused"), depth: "1", body: query(filter, limit) });
  const noProp = await ask(`<c:filter><c:prop-filter name="NOTE"><c:text-match>x</c:text-match></c:prop-filter></c:filter>`);
  assert.equal(noProp.status, 403);
  assert.deepEqual(davErrorConditions(noProp), [`${CARDDAV} supported-filter`]);
  const collation = await ask(`<c:filter><c:prop-filter name="FN"><c:text-match collation="i;klingon">x</c:text-match></c:prop-filter></c:filter>`);
  assert.deepEqual(davErrorConditions(collation), [`${CARDDAV} supported-collation`]);
  const limited = multistatus(await ask("", "<c:limit><c:nresults>2</c:nresults></c:limit>"));
  const statuses = [...limited.responses.values()].map((r) => r.status);
  assert.deepEqual(statuses, [undefined, undefined, 507], "two cards, then the book itself as 507 Insufficient Storage");
});

test("sync-collection: all cards at first, nothing after no change, then exactly the added, edited and deleted", async () => {
  const source = sourceWith(server.app, "sync", PEOPLE);
  const initial = await sync("sync", "");
  assert.equal(initial.responses.size, 3);
  const token = initial.syncToken!;
  const quiet = await sync("sync", token);
  assert.equal(quiet.responses.size, 0, "no change, nothing reported");
  assert.equal(quiet.syncToken, token, "and the token stays");

  const before = await listing("sync");
  resync(source.id, [{ ...PEOPLE[0], display_name: "Anna Schmidt-Weber" }, PEOPLE[1], { external_id: "neu", display_name: "Neu Person" }]);
  const after = await listing("sync");
  const changed = await sync("sync", token);
  assert.notEqual(changed.syncToken, token);
  const byStatus = (s: number | undefined) => [...changed.responses.values()].filter((r) => r.status === s).map((r) => r.href).sort();
  const deleted = [...before.keys()].filter((h) => !after.has(h));
  const added = [...after.keys()].filter((h) => !before.has(h));
  const edited = [...after.keys()].filter((h) => before.has(h) && before.get(h) !== after.get(h));
  assert.equal(deleted.length, 1);
  assert.equal(added.length, 1);
  assert.equal(edited.length, 1, "only Anna's ETag moved; Jürgen's stayed");
  assert.deepEqual(byStatus(404), deleted, "the deleted card as 404");
  assert.deepEqual(byStatus(undefined), [...added, ...edited].sort(), "the added and the edited card with their properties");
  for (const h of [...added, ...edited]) assert.equal(propText(changed.responses.get(h), DAV, "getetag"), after.get(h));
  assert.equal((await sync("sync", changed.syncToken!)).responses.size, 0, "the new token has seen it all");
});

test("a re-sync with no upstream changes moves no ETag, no token and no vCard byte", async () => {
  const source = sourceWith(server.app, "resync", [...PEOPLE, { external_id: "undated", display_name: "No Timestamp", modified_at: null }]);
  const { syncToken } = await sync("resync", "");
  const before = await listing("resync");
  const vcardsBefore = (await server.get("/vcard?key=resync")).body;
  await new Promise((r) => setTimeout(r, 5)); // a rewrite would now stamp a later time
  resync(source.id, [...PEOPLE, { external_id: "undated", display_name: "No Timestamp", modified_at: null }]);
  assert.deepEqual(await listing("resync"), before);
  const after = await sync("resync", syncToken!);
  assert.equal(after.responses.size, 0);
  assert.equal(after.syncToken, syncToken);
  assert.equal((await server.get("/vcard?key=resync")).body, vcardsBefore, "REV of a contact without upstream time stays");
});

test("sync-collection with address-data returns the changed vCards themselves", async () => {
  const source = sourceWith(server.app, "sync-data", PEOPLE);
  const { syncToken } = await sync("sync-data", "");
  resync(source.id, [PEOPLE[0], PEOPLE[1], { ...PEOPLE[2], display_name: "Bruce Lee" }]);
  const changed = await sync("sync-data", syncToken!, "<d:getetag/><c:address-data/>");
  assert.deepEqual([...changed.responses.values()].map((r) => fnOf(propText(r, CARDDAV, "address-data")!)), ["Bruce Lee"]);
});

test("a token that is not this book's, is garbage or from the future is 403 valid-sync-token", async () => {
  sourceWith(server.app, "tok-a", PEOPLE);
  sourceWith(server.app, "tok-b", PEOPLE);
  const tokenB = (await sync("tok-b", "")).syncToken!;
  const tokenA = (await sync("tok-a", "")).syncToken!;
  const future = tokenA.replace(/\d+$/, (n) => String(Number(n) + 1000));
  for (const token of [tokenB, "garbage", future, `${tokenA}0000000000000000000`]) {
    const res = await dav(server, "REPORT", "/carddav/tok-a/", { auth: auth("tok-a"), body: syncCollection(token) });
    assert.equal(res.status, 403, token);
    assert.deepEqual(davErrorConditions(res), [`${DAV} valid-sync-token`]);
  }
});

test("a phone book of two sources is one address book; a source added to it makes old tokens invalid", async () => {
  const one = sourceWith(server.app, "pb-one", [PEOPLE[0]]);
  const two = sourceWith(server.app, "pb-two", [PEOPLE[1]]);
  const three = sourceWith(server.app, "pb-three", [PEOPLE[2]]);
  savePhoneBook(server.app.db, { key: "pb-book", label: "Office & Home", sourceIds: [one.id, two.id] });
  const first = await sync("pb-book", "");
  assert.equal(first.responses.size, 2);
  resync(two.id, [{ ...PEOPLE[1], display_name: "Jürgen Klein" }]);
  assert.equal((await sync("pb-book", first.syncToken!)).responses.size, 1, "a change in either source is the book's change");
  savePhoneBook(server.app.db, { key: "pb-book", label: "Office & Home", sourceIds: [one.id, two.id, three.id] });
  const res = await dav(server, "REPORT", "/carddav/pb-book/", { auth: auth("pb-book"), body: syncCollection(first.syncToken!) });
  assert.equal(res.status, 403, "the old token cannot know the added source's cards");
  assert.equal((await sync("pb-book", "")).responses.size, 3);
});

test("addressbook-query searches every source of a phone book", async () => {
  const one = sourceWith(server.app, "pbq-one", [PEOPLE[0]]);
  const two = sourceWith(server.app, "pbq-two", [PEOPLE[1], PEOPLE[2]]);
  savePhoneBook(server.app.db, { key: "pbq-book", label: "Both", sourceIds: [one.id, two.id] });
  const filter = `<c:filter test="anyof"><c:prop-filter name="FN"><c:text-match>anna</c:text-match></c:prop-filter><c:prop-filter name="FN"><c:text-match>李</c:text-match></c:prop-filter></c:filter>`;
  const { responses } = multistatus(await dav(server, "REPORT", "/carddav/pbq-book/", { auth: auth("pbq-book"), depth: "1", body: query(filter) }));
  assert.deepEqual([...responses.values()].map((r) => fnOf(propText(r, CARDDAV, "address-data")!)).sort(), ["Anna Schmidt", "李小龍"]);
});
