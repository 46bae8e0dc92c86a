// /acrobits/contacts: Switchboard as an Acrobits Web Service Contacts source. Called as an app calls its
// wsContactsUrl — the portal's templates filled with the account's values, wsContactsAuthUsername and
// wsContactsAuthPassword sent as HTTP Basic (or Digest, with a From header) — for a phone-book key or for the
// account's own synced device, in Acrobits' contact JSON.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { validateSwitchboard } from "../../core/config/switchboard.ts";
import type { Account } from "../../db/accounts.ts";
import { manyContacts, sourceWith, tel } from "../fixtures/contacts.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { DigestClient, seedAccount, type ApiResponse } from "../helpers/sip-api.ts";
import { DOMAIN, SETTINGS, syncUser, unique, uniqueAddress } from "../sync/helpers.ts";
import { basic, filled, jsonText, send } from "./helpers.ts";

/** The portal's settings (README "Acrobits web services"). */
const PORTAL = {
  bookUrl: "https://pbx.example.com/acrobits/contacts?key=office",
  deviceUrl: "https://pbx.example.com/acrobits/contacts",
  authUsername: "%account[username]%",
  authPassword: "%account[password]%",
};

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": SETTINGS });
  sourceWith(server.app, "office", [
    { display_name: "Anna Müller", given_name: "Anna", family_name: "Müller", company: "ACME", numbers: [tel("mobile", "+49 170 1234567"), tel("work", "030 1234")], emails: [{ address: "anna@example.com", label: "work" }] },
    { display_name: "Bernd Schmidt", numbers: [tel("home", "0049 89 555 0101")], addresses: [{ label: "home", street: "Hauptstr. 1", city: "München", postal_code: "80331", country: "DE" }], birthday: "1980-02-29", note: "Team lead" },
  ]);
  sourceWith(server.app, "second", [{ display_name: "Carla Second", numbers: [tel("work", "+49 30 5555")] }]);
});
after(() => server.close());

const seed = (o: Partial<Parameters<typeof seedAccount>[1]> = {}) => seedAccount(server.app.db, { username: unique("ws"), domain: DOMAIN, password: "app pw:1", ...o });

/** What a synced device's contacts always have. */
const AS_UPLOADED = ["contactId", "displayName"] as const;

/** The app's request for a filled wsContactsUrl, signed in as the account (Basic from the auth templates). */
function asApp(account: { username: string }, url: string, o: { password?: string; form?: string; contentType?: string; from?: string } = {}): Promise<ApiResponse> {
  const values = { username: account.username, password: o.password ?? "app pw:1" };
  const auth = basic(filled(PORTAL.authUsername, values, (v) => v), filled(PORTAL.authPassword, values, (v) => v));
  return send(server.url, url, { form: o.form, contentType: o.contentType, headers: { Authorization: auth, "X-Forwarded-For": o.from ?? uniqueAddress() } });
}

interface Contact {
  contactId: string;
  displayName: string;
  fname: string;
  lname: string;
  company: string;
  checksum: string;
  contactEntries?: { entryId: string; label: string; type: string; uri: string }[];
  contactAddresses?: Record<string, string>[];
  birthday?: string;
  notes?: string;
  onNet?: boolean;
  sipUri?: string;
}

/**
 * An answer in Acrobits' contact JSON: {contacts: [...]}. A phone book's contacts have every documented field; a
 * synced device's come back as the app uploaded them (contactId and what it sent).
 */
function contactsOf(res: ApiResponse, fields: readonly (keyof Contact)[] = ["contactId", "displayName", "fname", "lname", "company", "checksum"]): Contact[] {
  assert.equal(res.status, 200, res.body);
  assert.match(res.headers.get("content-type")![0], /^application\/json/);
  const body = res.json();
  assert.deepEqual(Object.keys(body), ["contacts"]);
  for (const c of body.contacts as Contact[]) {
    for (const k of fields) assert.equal(typeof c[k], "string", k);
    for (const e of c.contactEntries ?? []) {
      assert.deepEqual(Object.keys(e), ["entryId", "label", "type", "uri"]);
      assert.match(e.entryId, new RegExp(`^${e.type}:\\d+$`));
    }
  }
  return body.contacts;
}

test("a phone-book key's contacts in Acrobits JSON, for the wsContactsUrl called with Basic credentials", async () => {
  const a = seed();
  const res = await asApp(a, PORTAL.bookUrl);
  assert.equal(res.headers.get("cache-control")?.[0], "no-store");
  const [anna, bernd] = contactsOf(res);
  assert.equal(anna.displayName, "Anna Müller");
  assert.deepEqual([anna.fname, anna.lname, anna.company], ["Anna", "Müller", "ACME"]);
  assert.deepEqual(anna.contactEntries, [
    { entryId: "tel:0", label: "mobile", type: "tel", uri: "+49 170 1234567" },
    { entryId: "tel:1", label: "work", type: "tel", uri: "030 1234" },
    { entryId: "email:0", label: "work", type: "email", uri: "anna@example.com" },
  ]);
  assert.deepEqual(bernd.contactEntries, [{ entryId: "tel:0", label: "home", type: "tel", uri: "0049 89 555 0101" }]);
  assert.deepEqual(bernd.contactAddresses, [{ label: "home", street: "Hauptstr. 1", city: "München", zip: "80331", country: "DE" }]);
  assert.deepEqual([bernd.birthday, bernd.notes], ["1980-02-29", "Team lead"]);
});

test("contactIds are stable between answers and distinct across books; a checksum changes only with its contact", async () => {
  const a = seed();
  const first = contactsOf(await asApp(a, "https://pbx.example.com/acrobits/contacts?key=office,second"));
  const again = contactsOf(await asApp(a, "https://pbx.example.com/acrobits/contacts?key=office,second"));
  assert.deepEqual(again, first);
  assert.deepEqual(first.map((c) => c.displayName), ["Anna Müller", "Bernd Schmidt", "Carla Second"], "by name across books");
  assert.equal(new Set(first.map((c) => c.contactId)).size, 3);
  assert.equal(new Set(first.map((c) => c.checksum)).size, 3);
});

test("wsContactsPostData as a form, or as JSON, asks the same", async () => {
  const a = seed();
  const viaGet = contactsOf(await asApp(a, PORTAL.bookUrl));
  const form = contactsOf(await asApp(a, PORTAL.deviceUrl, { form: "key=office" }));
  assert.deepEqual(form, viaGet);
  const json = contactsOf(await asApp(a, PORTAL.deviceUrl, { form: filled('{"key": "%key%"}', { key: "office" }, jsonText), contentType: "application/json" }));
  assert.deepEqual(json, viaGet);
});

test("without credentials 401 with a Basic challenge; a wrong password, a blocked or inactive account 401", async () => {
  const none = await send(server.url, PORTAL.bookUrl);
  assert.equal(none.status, 401);
  assert.match(none.headers.get("www-authenticate")![0], /^Basic realm="Switchboard"/);
  const a = seed();
  const wrong = await asApp(a, PORTAL.bookUrl, { password: "nope" });
  assert.equal(wrong.status, 401);
  assert.match(wrong.headers.get("www-authenticate")![0], /^Basic /);
  assert.equal((await asApp(seed({ blocked: 1 }), PORTAL.bookUrl)).status, 401);
  assert.equal((await asApp(seed({ activated: 0 }), PORTAL.bookUrl)).status, 401);
  assert.equal((await asApp({ username: `${a.username}@${DOMAIN}` }, PORTAL.bookUrl)).status, 200, "user@domain signs in too");
});

test("Basic failures count like every sign-in: the address is blocked after 10 (429)", async () => {
  const a = seed();
  const from = uniqueAddress();
  for (let i = 0; i < 11; i++) assert.equal((await asApp(a, PORTAL.bookUrl, { password: `guess${i}`, from })).status, 401);
  const res = await asApp(seed(), PORTAL.bookUrl, { from });
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("retry-after")?.[0], "300");
});

test("Digest with a From header (wsContactsCustomHeaders) signs in as the sip guard does", async () => {
  const a = seed({ password: "digest-pw" });
  const client = new DigestClient(server.url, a, "digest-pw");
  const res = await client.request("GET", "/acrobits/contacts?key=second");
  assert.deepEqual(contactsOf(res).map((c) => c.displayName), ["Carla Second"]);
  assert.ok(res.headers.get("www-authenticate")?.length, "the next challenge comes along");
});

test("an unknown key is 404, as on the Cisco directory", async () => {
  const res = await asApp(seed(), "https://pbx.example.com/acrobits/contacts?key=nope");
  assert.equal(res.status, 404);
  assert.match(res.json().error, /unknown/);
});

test("without a key: the account's own synced device, smart contacts marked", async () => {
  const onNet = seed({ phone: "+4930777888" });
  const { account, client } = await syncUser(server, { account: { password: "app pw:1" } });
  await client.putDevice("iphone");
  await client.upload("iphone", { upsert: [
    { contactId: "c1", checksum: "1", displayName: "Colleague", contactEntries: [{ entryId: "tel:0", label: "work", type: "tel", uri: "030 777888" }] },
    { contactId: "c2", checksum: "2", displayName: "Plumber", fname: "Paul", contactEntries: [{ entryId: "tel:0", label: "mobile", type: "tel", uri: "0170 111" }] },
  ] });
  const contacts = contactsOf(await asApp(account, PORTAL.deviceUrl), AS_UPLOADED);
  assert.deepEqual(contacts.map((c) => [c.contactId, c.onNet, c.sipUri]), [["c1", true, `sip:${onNet.username}@${DOMAIN}`], ["c2", false, undefined]]);
  assert.equal(contacts[1].fname, "Paul");
});

test("device= picks a device, else the one with the most contacts; cloud_id keeps to its identity; unknown device 404", async () => {
  const { account, client, signIn } = await syncUser(server, { account: { password: "app pw:1" }, cloud_id: "ACME" });
  await client.putDevice("small");
  await client.upload("small", { upsert: [{ contactId: "s1", displayName: "Small one" }] });
  await client.putDevice("big");
  await client.upload("big", { upsert: [{ contactId: "b1", displayName: "Big one" }, { contactId: "b2", displayName: "Big two" }] });
  const names = async (url: string) => contactsOf(await asApp(account, url), AS_UPLOADED).map((c) => c.displayName);
  assert.deepEqual(await names(PORTAL.deviceUrl), ["Big one", "Big two"]);
  assert.deepEqual(await names(`${PORTAL.deviceUrl}?device=small`), ["Small one"]);
  assert.deepEqual(await names(`${PORTAL.deviceUrl}?cloud_id=ACME`), ["Big one", "Big two"]);
  assert.deepEqual(await names(`${PORTAL.deviceUrl}?cloud_id=OTHER`), [], "no device under that cloud ID");
  assert.equal((await asApp(account, `${PORTAL.deviceUrl}?device=tablet`)).status, 404);
  assert.ok(signIn.cloud_id === "ACME");
});

test("another account never sees your device: it gets its own (none), and naming your device is 404", async () => {
  const { client } = await syncUser(server, { account: { password: "app pw:1" } });
  await client.putDevice("private-phone");
  await client.upload("private-phone", { upsert: [{ contactId: "p1", displayName: "Private" }] });
  const stranger: Account = seed();
  assert.deepEqual(contactsOf(await asApp(stranger, PORTAL.deviceUrl)), []);
  assert.equal((await asApp(stranger, `${PORTAL.deviceUrl}?device=private-phone`)).status, 404);
});

test("a large book is bounded by acrobits.contacts_limit; offset and limit page through it", async (t) => {
  server.writeConfig("switchboard.yml", `${SETTINGS}acrobits:\n  contacts_limit: 50\n`);
  t.after(() => server.writeConfig("switchboard.yml", SETTINGS));
  sourceWith(server.app, "big-book", manyContacts(120));
  const a = seed();
  const url = "https://pbx.example.com/acrobits/contacts?key=big-book";
  const first = contactsOf(await asApp(a, url));
  assert.equal(first.length, 50);
  assert.equal(first[0].displayName, "Person 00001");
  const last = contactsOf(await asApp(a, `${url}&offset=100`));
  assert.deepEqual([last.length, last[0].displayName], [20, "Person 00101"]);
  assert.equal(contactsOf(await asApp(a, `${url}&offset=10&limit=5`)).map((c) => c.displayName).join(), "Person 00011,Person 00012,Person 00013,Person 00014,Person 00015");
  const tooMany = await asApp(a, `${url}&limit=51`);
  assert.equal(tooMany.status, 422);
  assert.deepEqual(Object.keys(tooMany.json().errors), ["limit"]);
});

test("acrobits.contacts_limit is 5000 unless set; a wrong value is named", () => {
  assert.equal(validateSwitchboard({}, "switchboard.yml").config.acrobits.contacts_limit, 5000);
  assert.equal(validateSwitchboard({ acrobits: { contacts_limit: "200" } }, "switchboard.yml").config.acrobits.contacts_limit, 200);
  for (const wrong of [0, 50_001, 2.5, "many"]) {
    const { problems } = validateSwitchboard({ acrobits: { contacts_limit: wrong } }, "switchboard.yml");
    assert.match(problems.map((p) => p.message).join(), /acrobits\.contacts_limit must be a whole number from 1 to 50000/, String(wrong));
  }
  assert.match(validateSwitchboard({ acrobits: 5 }, "switchboard.yml").problems.map((p) => p.message).join(), /acrobits must be a map/);
});
