// Bounded work on untrusted FRITZ!Box documents (issue 12): an 8 MB upload or fetched book of empty elements or
// deep nesting pushed RSS up by half a gigabyte and stalled the event loop for a second. Now it is read as a
// stream, in slices, within limits — memory stays flat and /health answers throughout.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEFAULT_DIAL_PLAN } from "../../core/contacts/normalize.ts";
import { FRITZBOX_LIMITS, FRITZBOX_MAX_BYTES, parseFritzboxPhonebook } from "../../core/contacts/providers/fritzbox.ts";
import { listContacts } from "../../db/contacts.ts";
import { getSourceByKey } from "../../db/contact-sources.ts";
import { startFakeFritzbox, type FakeFritzbox } from "../fakes/fritzbox.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const ORIGIN = "http://127.0.0.1";
const MB = 1024 * 1024;

let server: TestServer;
let box: FakeFritzbox;
before(async () => {
  server = await startTestServer();
  box = await startFakeFritzbox();
  server.writeConfig("switchboard.yml", `public_url: "${ORIGIN}"\ncontacts:\n  fritzbox_allowed_addresses: ["127.0.0.1"]\n`);
});
after(async () => {
  await server.close();
  await box.close();
});

/** A document of `bytes` (just under the 8 MB limit by default): `head`, `unit` repeated, `tail`. */
function documentOf(unit: string, head = "<phonebooks><phonebook>", tail = "</phonebook></phonebooks>", bytes = FRITZBOX_MAX_BYTES - 1024): string {
  return head + unit.repeat(Math.floor((bytes - head.length - tail.length) / unit.length)) + tail;
}

const upload = (xml: string) =>
  server.request("/api/admin/contact-sources", { method: "POST", headers: { "Content-Type": "application/json", Origin: ORIGIN }, body: JSON.stringify({ xml }) });

/**
 * Runs `work` while asking /health again and again: how many /health answers came back while it ran, and how
 * far RSS rose above where it was before (sampled meanwhile and once after).
 */
async function watched<T>(work: () => Promise<T>): Promise<{ result: T; healthAnswers: number; rssRiseMb: number }> {
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => void (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  let answers = 0;
  let done = false;
  const probe = (async () => {
    while (!done) {
      assert.equal((await server.get("/health")).status, 200);
      if (!done) answers++;
    }
  })();
  try {
    const result = await work();
    done = true;
    return { result, healthAnswers: answers, rssRiseMb: (Math.max(peak, process.memoryUsage().rss) - rssBefore) / MB };
  } finally {
    done = true;
    clearInterval(sampler);
    await probe;
  }
}

// Before: +500 MB (an element tree of two million nodes). What stays is the document's text, a few times over.
const MAX_RSS_RISE_MB = 150;
const EMPTY_ELEMENTS = documentOf("<a/>");
const DEEP_NESTING = documentOf("<x>", "<phonebooks>", "");

test("an 8 MB upload of empty elements: refused at the element limit, memory flat, /health answering", async () => {
  const { result: res, healthAnswers, rssRiseMb } = await watched(() => upload(EMPTY_ELEMENTS));
  assert.equal(res.status, 422, res.body.slice(0, 300));
  assert.match(res.body, new RegExp(`more than ${FRITZBOX_LIMITS.maxElements} elements`));
  assert.ok(rssRiseMb < MAX_RSS_RISE_MB, `RSS rose by ${rssRiseMb.toFixed(0)} MB`);
  assert.ok(healthAnswers > 0);
});

test("an 8 MB upload nested ever deeper: refused at the depth limit, memory flat, /health answering", async () => {
  const { result: res, healthAnswers, rssRiseMb } = await watched(() => upload(DEEP_NESTING));
  assert.equal(res.status, 422, res.body.slice(0, 300));
  assert.match(res.body, new RegExp(`nested deeper than ${FRITZBOX_LIMITS.maxDepth}`));
  assert.ok(rssRiseMb < MAX_RSS_RISE_MB, `RSS rose by ${rssRiseMb.toFixed(0)} MB`);
  assert.ok(healthAnswers > 0);
});

test("a fetched 8 MB book of empty contacts fails its sync within the same bounds; nothing is stored", async () => {
  box.answers.set("/books/empty.xml", { body: documentOf("<contact/>") });
  const { result: res, healthAnswers, rssRiseMb } = await watched(() =>
    server.request("/api/admin/contact-sources", { method: "POST", headers: { "Content-Type": "application/json", Origin: ORIGIN }, body: JSON.stringify({ url: `${box.base}/books/empty.xml` }) }));
  const source = JSON.parse(res.body);
  assert.equal(source.status, "error", res.body);
  assert.match(source.last_error, new RegExp(`more than ${FRITZBOX_LIMITS.maxContacts} contacts`));
  assert.equal(source.contact_count, 0);
  assert.ok(rssRiseMb < MAX_RSS_RISE_MB, `RSS rose by ${rssRiseMb.toFixed(0)} MB`);
  assert.ok(healthAnswers > 0);
});

test("reading 8 MB of elements takes turns with other requests: /health is answered while the parse runs", async () => {
  // Counted around the parse alone (a synchronous parse lets none through), and the longest time the parse held
  // the event loop is at most half of the whole (a synchronous parse holds all of it): both hold however busy the
  // machine is — a quarter did not, with a GC pause or another process's time slice inside one slice.
  let longestHoldMs = 0;
  let last = performance.now();
  const clock = setInterval(() => {
    const now = performance.now();
    longestHoldMs = Math.max(longestHoldMs, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  const { result, healthAnswers } = await watched(() => parseFritzboxPhonebook(EMPTY_ELEMENTS, DEFAULT_DIAL_PLAN).catch((err: Error) => err));
  const totalMs = performance.now() - started;
  clearInterval(clock);
  assert.match(String(result), /more than 1000000 elements/);
  assert.ok(healthAnswers >= 5, `${healthAnswers} /health answers during a ${totalMs.toFixed(0)} ms parse`);
  assert.ok(longestHoldMs < totalMs / 2, `held the loop for ${longestHoldMs.toFixed(0)} of ${totalMs.toFixed(0)} ms`);
});

test(`more than ${FRITZBOX_LIMITS.maxContacts} contacts are refused, and nothing is stored`, async () => {
  const before = server.app.db.prepare("SELECT count(*) FROM contacts").pluck().get();
  const res = await upload(documentOf("<contact><person><realName>A</realName></person></contact>", undefined, undefined, 4 * MB));
  assert.equal(res.status, 422, res.body.slice(0, 300));
  assert.match(res.body, /more than 50000 contacts/);
  assert.equal(server.app.db.prepare("SELECT count(*) FROM contacts").pluck().get(), before);
});

test("a field's text is kept up to its limit, not as sent", async () => {
  const long = "N".repeat(2 * MB);
  const res = await upload(`<phonebooks><phonebook><contact><person><realName>${long}</realName></person><telephony><number type="home">0211 1</number></telephony></contact></phonebook></phonebooks>`);
  assert.equal(res.status, 201, res.body.slice(0, 300));
  const [contact] = listContacts(server.app.db, [getSourceByKey(server.app.db, JSON.parse(res.body).key)!.id]);
  assert.equal(contact.display_name.length, FRITZBOX_LIMITS.maxFieldChars);
  assert.deepEqual(contact.numbers.map((n) => n.number), ["0211 1"]);
});

test("a real export within the limits still reads completely: 5,000 contacts", async () => {
  const unit = (i: number) => `<contact><person><realName>Person ${i}</realName></person><telephony><number type="mobile" prio="1">0171 ${i}</number><number type="home">030 ${i}</number></telephony><uniqueid>${i}</uniqueid></contact>`;
  const xml = `<phonebooks><phonebook>${Array.from({ length: 5_000 }, (_, i) => unit(i)).join("")}</phonebook></phonebooks>`;
  const res = await upload(xml);
  assert.equal(res.status, 201, res.body.slice(0, 300));
  assert.equal(JSON.parse(res.body).contact_count, 5_000);
});
