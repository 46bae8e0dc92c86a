// German address books write international numbers with the trunk prefix in brackets: "+49 (0)160 1112223". The
// "(0)" is dialled only from inside the country without the country code, never after it, so the directory, the
// dialer, the reverse lookup, the exports and Contact Sync's smart contacts all read it as +49 160 1112223.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ICAL from "ical.js";
import { normalizeNumber } from "../../core/contacts/normalize.ts";
import { startPhoneCgi, type PhoneCgi } from "../fakes/phone-cgi.ts";
import { sourceWith, tel } from "../fixtures/contacts.ts";
import { parseDirectory } from "../helpers/cisco.ts";
import { parseXml } from "../helpers/xml.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { call } from "../helpers/sip-api.ts";
import { basic } from "../acrobits/helpers.ts";
import { DOMAIN, SETTINGS, syncUser } from "../sync/helpers.ts";

let server: TestServer;
let phone: PhoneCgi;

// Every test only reads this book.
before(async () => {
  phone = await startPhoneCgi("cgiuser", "cgipass");
  server = await startTestServer({
    "switchboard.yml": SETTINGS,
    "phones.yml": `phones:\n  desk:\n    mac: "001122334455"\n    devicename: "SEP001122334455"\n    host: "${phone.host}"\n    username: cgiuser\n    password: cgipass\n`,
  });
  sourceWith(server.app, "book", [
    { display_name: "Mobil Mit Null", numbers: [tel("mobile", "+49 (0)160 1112223")] },
    { display_name: "London Office", numbers: [tel("work", "+44 (0)20 7946 0000")] },
    { display_name: "Berlin Doppelnull", numbers: [tel("work", "0049 (0)30 1234")] },
  ]);
});
after(async () => {
  await server.close();
  await phone.close();
});

const directory = async (query: string) => {
  const res = await server.get(`/cisco/directory?key=book&${query}`);
  assert.equal(res.status, 200, res.body);
  return parseDirectory(res.body);
};

test("the directory dials +49 (0)160 1112223 as 01601112223, not as an international call", async () => {
  const page = await directory("list=all");
  const dial = Object.fromEntries(page.entries.map((e) => [e.name.replace(/ \(.*\)$/, ""), e.telephone]));
  assert.deepEqual(dial, { "Mobil Mit Null": "01601112223", "London Office": "00442079460000", "Berlin Doppelnull": "0301234" });
});

test("the reverse lookup of a call from 01601112223 (or +49160…) names the contact written +49 (0)160 1112223", async () => {
  for (const n of ["01601112223", "+491601112223", "0049 160 1112223", "+49 (0)160 1112223"]) {
    assert.deepEqual((await directory(`n=${encodeURIComponent(n)}`)).entries.map((e) => e.name), ["Mobil Mit Null (Mobile)"], n);
  }
  assert.deepEqual((await directory("n=00442079460000")).entries.map((e) => e.name), ["London Office (Work)"]);
});

test("a number search for 0160 111 finds it", async () => {
  assert.deepEqual((await directory(`qn=${encodeURIComponent("0160 111")}`)).entries.map((e) => e.name), ["Mobil Mit Null (Mobile)"]);
});

test("the dialer dials +49 (0)160 1112223 typed or suggested as 01601112223", async () => {
  const suggested = JSON.parse((await server.get("/api/dialer/suggest?key=book&q=mobil")).body).suggestions;
  assert.equal(suggested[0].dial, "01601112223");
  for (const number of ["+49 (0)160 1112223", "0049 (0)160 1112223"]) {
    phone.received.length = 0;
    const res = await server.request("/api/dialer/dial", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.url },
      body: JSON.stringify({ devicename: "SEP001122334455", number }),
    });
    assert.equal(res.status, 200, res.body);
    const item = parseXml(phone.received[0].xml!).children[0];
    assert.match(item.attrs.URL, /^Dial:(01601112223|00491601112223)$/, number);
  }
});

test("the vCard export and the softphones' contacts (Acrobits Web Service Contacts) carry the number without (0)", async () => {
  const cards = (ICAL.parse((await server.get("/vcard?key=book")).body) as unknown[]).map((c) => new ICAL.Component(c as never));
  const tels = Object.fromEntries(cards.map((c) => [c.getFirstPropertyValue("fn"), c.getFirstPropertyValue("tel")]));
  assert.deepEqual(tels, { "Mobil Mit Null": "+49 160 1112223", "London Office": "+44 20 7946 0000", "Berlin Doppelnull": "0049 30 1234" });
  const { signIn } = await syncUser(server);
  const app = await call(server.url, "GET", "/acrobits/contacts?key=book", { headers: { Authorization: basic(signIn.username.split("@")[0], signIn.password) } });
  assert.equal(app.status, 200, app.body);
  const uris = (app.json().contacts as { displayName: string; contactEntries: { uri: string }[] }[]).map((c) => [c.displayName, c.contactEntries[0].uri]);
  assert.deepEqual(Object.fromEntries(uris), tels);
});

test("smart contacts: a synced +49 (0)160 … matches the SIP account whose phone is +49160…", async () => {
  const { account } = await syncUser(server, { account: { phone: "+491601112223" } });
  const { client } = await syncUser(server);
  await client.putDevice("phone");
  const upload = await client.upload("phone", {
    upsert: [{ contactId: "c1", checksum: "1", displayName: "Mobil", contactEntries: [{ entryId: "tel:0", label: "mobile", type: "tel", uri: "+49 (0)160 1112223" }] }],
  });
  assert.equal(upload.status, 200, upload.body);
  const [back] = (await client.contacts("phone")).json().contacts as { onNet: boolean; sipUri?: string }[];
  assert.deepEqual({ onNet: back.onNet, sipUri: back.sipUri }, { onNet: true, sipUri: `sip:${account.username}@${DOMAIN}` });
});

test("(0) is the trunk prefix only after a country code: a national (0)30 keeps its 0", () => {
  assert.equal(normalizeNumber("+49 (0)160 1112223"), "491601112223");
  assert.equal(normalizeNumber("+49(0)30-1234"), "49301234");
  assert.equal(normalizeNumber("0049 (0)30 1234"), "49301234");
  assert.equal(normalizeNumber("(0)30 1234"), "49301234");
});
