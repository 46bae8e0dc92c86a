// The vCards of an account's contacts as FlexiAPI's ApiAccountContactsTest asserts them (1.3.10's vCard 4.0 part,
// 1.5.0's contacts-lists part), each case on its own, every body parsed back with ical.js.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ICAL from "ical.js";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { DigestClient } from "../helpers/sip-api.ts";
import { seedAdmin, seedCaller, SETTINGS, unique, type Caller } from "./callers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
});
after(() => server.close());

function parseCards(body: string): InstanceType<typeof ICAL.Component>[] {
  const parsed = ICAL.parse(body);
  const list = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
  return list.map((c) => new ICAL.Component(c as never));
}

const values = (card: InstanceType<typeof ICAL.Component>, name: string) => card.getAllProperties(name).map((p) => String(p.getFirstValue()));

/** Account one with contacts two (a "phone" type and a 123;123 action, as in FlexiAPI's test) and three. */
async function contactsWithTypeAndAction() {
  const admin = seedAdmin(server);
  const [one, two, three] = [seedCaller(server), seedCaller(server), seedCaller(server)];
  for (const c of [two, three]) await admin.as("POST", `/api/accounts/${one.account.id}/contacts/${c.account.id}`);
  const typeKey = unique("phone");
  const type = (await admin.as("POST", "/api/account_types", { key: typeKey })).json();
  await admin.as("POST", `/api/accounts/${two.account.id}/types/${type.id}`);
  await admin.as("POST", `/api/accounts/${two.account.id}/actions`, { key: "123", code: "123" });
  return { admin, one, two, three, typeKey };
}

const cardOf = (cards: InstanceType<typeof ICAL.Component>[], c: Caller) => cards.find((card) => card.getFirstPropertyValue("impp") === `sip:${c.sip}`);

test("GET /contacts/vcard: one vCard 4.0 per contact with FN, IMPP, type, DTMF protocol and action lines", async () => {
  const { one, two, three, typeKey } = await contactsWithTypeAndAction();
  const res = await one.as("GET", "/contacts/vcard");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type")?.[0], "text/vcard; charset=utf-8");
  for (const line of [`FN:${two.account.display_name}`, `X-LINPHONE-ACCOUNT-TYPE:${typeKey}`, "X-LINPHONE-ACCOUNT-DTMF-PROTOCOL:sipinfo", "X-LINPHONE-ACCOUNT-ACTION:123;123"]) {
    assert.ok(res.body.includes(`\r\n${line}\r\n`), line);
  }
  const cards = parseCards(res.body);
  assert.equal(cards.length, 2);
  const card = cardOf(cards, two)!;
  assert.equal(card.getFirstPropertyValue("version"), "4.0");
  assert.equal(card.getFirstPropertyValue("kind"), "individual");
  assert.equal(card.getFirstPropertyValue("fn"), two.account.display_name);
  assert.deepEqual(values(card, "x-linphone-account-type"), [typeKey]);
  assert.deepEqual(values(card, "x-linphone-account-dtmf-protocol"), ["sipinfo"]);
  assert.deepEqual(values(card, "x-linphone-account-action"), ["123;123"]);
  const plain = cardOf(cards, three)!;
  assert.deepEqual(values(plain, "x-linphone-account-type"), []);
  assert.deepEqual(values(plain, "x-linphone-account-action"), []);
});

test("GET /contacts/vcard/{sip}: one contact's vCard with its type, DTMF protocol and action", async () => {
  const { one, two, typeKey } = await contactsWithTypeAndAction();
  const res = await one.as("GET", `/contacts/vcard/${two.sip}`);
  assert.equal(res.status, 200);
  const cards = parseCards(res.body);
  assert.equal(cards.length, 1);
  assert.equal(cards[0].getFirstPropertyValue("impp"), `sip:${two.sip}`);
  assert.deepEqual(values(cards[0], "x-linphone-account-type"), [typeKey]);
  assert.deepEqual(values(cards[0], "x-linphone-account-dtmf-protocol"), ["sipinfo"]);
  assert.deepEqual(values(cards[0], "x-linphone-account-action"), ["123;123"]);
});

test("the vCard of an address that is not one of the account's contacts is 404", async () => {
  const { one, two } = await contactsWithTypeAndAction();
  assert.equal((await one.as("GET", `/contacts/vcard/${seedCaller(server).sip}`)).status, 404);
  assert.equal((await two.as("GET", `/contacts/vcard/${one.sip}`)).status, 404);
});

test("the members of the account's contacts lists are in its vCards too", async () => {
  const admin = seedAdmin(server);
  const members = [seedCaller(server), seedCaller(server), seedCaller(server)];
  const list = (await admin.as("POST", "/api/contacts_lists", { title: "Doors", description: "Description" })).json();
  for (const m of members) await admin.as("POST", `/api/contacts_lists/${list.id}/contacts/${m.account.id}`);
  await admin.as("POST", `/api/accounts/${admin.account.id}/contacts_lists/${list.id}`);
  const cards = parseCards((await admin.as("GET", "/contacts/vcard")).body);
  assert.deepEqual(cards.map((c) => c.getFirstPropertyValue("fn")), members.map((m) => m.account.display_name));
  const one = await admin.as("GET", `/contacts/vcard/${members[1].sip}`);
  assert.equal(one.status, 200);
  assert.equal(parseCards(one.body)[0].getFirstPropertyValue("fn"), members[1].account.display_name);
});

test("FN is the SIP address when there is no display name; a contact without DTMF protocol has no DTMF or action lines", async () => {
  const admin = seedAdmin(server);
  const viewer = seedCaller(server);
  const bare = seedCaller(server, { display_name: null, dtmf_protocol: null });
  await admin.as("POST", `/api/accounts/${viewer.account.id}/contacts/${bare.account.id}`);
  const res = await viewer.as("GET", `/contacts/vcard/${bare.sip}`);
  const [card] = parseCards(res.body);
  assert.equal(card.getFirstPropertyValue("fn"), bare.sip);
  assert.doesNotMatch(res.body, /X-LINPHONE-ACCOUNT-(DTMF-PROTOCOL|ACTION)/);
});

test("text is escaped and long lines folded at 75 octets with CRLF, as in the phone-book export", async () => {
  const admin = seedAdmin(server);
  const viewer = seedCaller(server);
  const name = "Tür; Empfang, Haus \\ Nord " + "ü".repeat(60);
  const fancy = seedCaller(server, { display_name: name });
  await admin.as("POST", `/api/accounts/${viewer.account.id}/contacts/${fancy.account.id}`);
  const res = await viewer.as("GET", "/contacts/vcard");
  const lines = res.body.split("\r\n");
  assert.equal(lines.at(-1), "", "the last line ends with CRLF");
  assert.ok(!res.body.replace(/\r\n/g, "").includes("\n"), "only CRLF line ends");
  for (const line of lines) assert.ok(Buffer.byteLength(line) <= 75, `line over 75 octets: ${line}`);
  assert.ok(res.body.startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:individual\r\nIMPP:sip:"));
  assert.ok(res.body.includes("FN:Tür\\; Empfang\\, Haus \\\\ Nord "));
  // RFC 6350 lets a single text value escape ";"; ical.js leaves that escape in (the raw line is checked above).
  assert.equal(String(parseCards(res.body)[0].getFirstPropertyValue("fn")).replace(/\\;/g, ";"), name);
});

test("IMPP percent-encodes what a SIP URI may not hold as it is (a username_regex may allow more)", async () => {
  const admin = seedAdmin(server);
  const viewer = seedCaller(server);
  const odd = seedCaller(server, { username: unique("door,1;🔥") });
  await admin.as("POST", `/api/accounts/${viewer.account.id}/contacts/${odd.account.id}`);
  const [card] = parseCards((await viewer.as("GET", "/contacts/vcard")).body);
  const impp = String(card.getFirstPropertyValue("impp"));
  assert.match(impp, /^sip:door%2C1%3B%F0%9F%94%A5\d+@sip\.example\.com$/);
  assert.equal(decodeURIComponent(impp.slice(4)), odd.sip);
});

test("an account without contacts gets an empty vCard list", async () => {
  const res = await seedCaller(server).as("GET", "/contacts/vcard");
  assert.equal(res.status, 200);
  assert.equal(res.body, "");
});

test("a Linphone client signed in with Digest gets its contacts' vCards", async () => {
  const { one, two } = await contactsWithTypeAndAction();
  const client = new DigestClient(server.url, one.account, "secret-123");
  const res = await client.request("GET", "/contacts/vcard");
  assert.equal(res.status, 200, res.body);
  assert.ok(cardOf(parseCards(res.body), two));
});
