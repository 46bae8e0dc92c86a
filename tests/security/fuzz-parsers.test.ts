// Hostile input, parser by parser (issue 19): every parser we own or feed gets mutations of real inputs (the
// tests' own fixtures) and must either read them or refuse them with its documented error — never another
// exception (a TypeError is a 500 on the wire), never a hang. Budget per parser: FUZZ_MS (small here, large in
// `make fuzz`); a failure names FUZZ_SEED to replay it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import ICAL from "ical.js";
import { validateSwitchboard } from "../../core/config/switchboard.ts";
import { parseCommon, parsePhones, parseServiceConfig } from "../../core/config/mpp-files.ts";
import { parseFritzboxPhonebook } from "../../core/contacts/providers/fritzbox.ts";
import { contactToVCard, formattedName } from "../../core/contacts/vcard.ts";
import { DEFAULT_DIAL_PLAN } from "../../core/contacts/normalize.ts";
import { parseReport } from "../../core/mpp/report-parse.ts";
import { parseContactBatch } from "../../core/sync/contact-batch.ts";
import type { ContactRow } from "../../db/contacts.ts";
import { parseBasicAuth } from "../../lib/basic-auth.ts";
import { digestAuthorization } from "../helpers/sip-api.ts";
import { parseDigestAuthorization } from "../../lib/digest.ts";
import { Problem } from "../../lib/errors.ts";
import { parseCookies } from "../../lib/http.ts";
import { parseDavBody } from "../../lib/webdav.ts";
import { XmlParseError } from "../../lib/xml-parse.ts";
import { ConfigError, parseYaml } from "../../lib/yaml.ts";
import { acrobitsContacts } from "../fixtures/acrobits-contacts.ts";
import { storedContact, tel } from "../fixtures/contacts.ts";
import { bulkParams, reportXml } from "../fakes/phone.ts";
import { PROPFIND_BASICS, multiget, syncCollection } from "../helpers/dav.ts";
import { fuzz, hostileText } from "../helpers/fuzz.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures");
const MPP_CONFIG = join(FIXTURES, "mpp-service");

/** Runs `parse`; an exception must be one of `expected` (the parser's way of saying no). */
async function readsOrRefuses(parse: () => unknown, ...expected: (abstract new (...a: never[]) => Error)[]): Promise<void> {
  try {
    await parse();
  } catch (err) {
    if (expected.some((E) => err instanceof E)) return;
    throw err;
  }
}

/**
 * One parse of a hostile input ends: a hang or runaway work fails the case. Bound generously, since the machine
 * running the tests may be loaded many times over (a 5 KB report took 3 s at load 15).
 */
async function quickly(what: string, work: () => Promise<void>): Promise<void> {
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  assert.ok(ms < 10_000, `${what} took ${Math.round(ms)} ms`);
}

test("report XML: any body is a report or a Malformed refusal", async () => {
  const corpus = [reportXml(bulkParams(20, { Password_1_: "pw" })), reportXml({ A: "1", MAC: "00:11:22:33:44:55" }, ["device"]), reportXml({ B: "x" }, ["env"], { xmlns: "urn:x" })];
  await fuzz("report", corpus, (input) => quickly("report", () => readsOrRefuses(() => parseReport(input.toString("utf8"), "text/xml", undefined, "001122334455"), Problem)), { salt: 1 });
});

test("FRITZ!Box XML: any document is contacts or an Invalid refusal", async () => {
  const corpus = [readFileSync(join(FIXTURES, "fritzbox-phonebook.xml"))];
  await fuzz("fritzbox", corpus, (input) => quickly("fritzbox", () => readsOrRefuses(() => parseFritzboxPhonebook(input, DEFAULT_DIAL_PLAN), Problem)), { salt: 2 });
});

test("WebDAV request bodies: any body is a tree or an XmlParseError", async () => {
  const corpus = [PROPFIND_BASICS, syncCollection("http://x/sync/1"), multiget(["/carddav/k/a.vcf", "/carddav/k/b.vcf"])];
  await fuzz("webdav", corpus, (input) => quickly("webdav", () => readsOrRefuses(() => parseDavBody(input, 64 * 1024), XmlParseError)), { salt: 3 });
});

test("YAML config: any file is a config (with problems listed) or a ConfigError naming the file", async () => {
  const file = (name: string) => readFileSync(join(MPP_CONFIG, name), "utf8");
  const switchboard = 'public_url: "http://pbx.example.com:8080"\ncontacts:\n  sync_interval_minutes: 15\n  fritzbox:\n    - {name: Home, url: "http://fritz.box/books/0.xml"}\naccounts: {sip_domain: sip.example.com, blacklisted_usernames: [root]}\nsync: {token_days: 30}\n';
  const corpus = [file("phones.yml"), file("common.yml"), file("serviceconfig.yml"), switchboard];
  await fuzz("yaml", corpus, (input) =>
    quickly("yaml", async () => {
      const source = input.toString("utf8");
      await readsOrRefuses(() => {
        const textual = parseYaml(source, "phones.yml", true);
        parsePhones(textual, source);
        parseCommon(textual, source);
        const core = parseYaml(source, "switchboard.yml");
        parseServiceConfig(core, source, undefined);
        validateSwitchboard(core, "switchboard.yml");
      }, ConfigError);
    }), { salt: 4 });
});

test("JSON bodies: any Contact Sync upload is a batch or an Invalid refusal", async () => {
  const corpus = [JSON.stringify({ upsert: acrobitsContacts(3), delete: ["gone"] }), JSON.stringify({ upsert: [], delete: [] })];
  await fuzz("sync upload", corpus, (input) =>
    quickly("sync upload", async () => {
      let body: unknown;
      try {
        body = JSON.parse(input.toString("utf8"));
      } catch {
        return; // the route's readJson answers 400 before any of ours runs
      }
      await readsOrRefuses(() => parseContactBatch(body, DEFAULT_DIAL_PLAN), Problem);
    }), { salt: 5 });
});

test("Authorization and Cookie headers: any value parses or is ignored, never throws", async () => {
  const digest = digestAuthorization({ realm: "sip.example.com", nonce: "abc", opaque: "o", algorithm: "SHA-256", qop: "auth" }, { username: "alice", password: "pw", method: "GET", uri: "/api/accounts/me", nc: 1 });
  const corpus = [digest, "Basic " + Buffer.from("admin:admin-pass").toString("base64"), "x-api-key=abc; other=1; x=%41"];
  await fuzz("auth headers", corpus, (input) => {
    const header = input.toString("latin1"); // as Node hands a header value over
    const credentials = parseDigestAuthorization(header);
    for (const value of Object.values(credentials ?? {})) assert.equal(typeof value, "string");
    parseBasicAuth(header);
    parseCookies(header);
  }, { salt: 6 });
});

test("vCard output round-trip: hostile names, notes and numbers come back from a real vCard parser as stored", async () => {
  let n = 0;
  await fuzz("vcard", ["seed"], (_input, r) => {
    const stored = storedContact({ display_name: hostileText(r), given_name: hostileText(r), family_name: hostileText(r), company: hostileText(r), note: hostileText(r, 40), numbers: [tel("mobile", hostileText(r, 4) + "0170 1")] }, n++);
    const row = { ...stored, id: n, source_id: 1, updated_at: "2026-01-02T03:04:05Z" } as unknown as ContactRow;
    for (const v of ["3.0", "4.0"] as const) {
      const card = contactToVCard(row, "book", v);
      for (const line of card.split("\r\n")) assert.ok(Buffer.byteLength(line) <= 75, `a folded line: ${line}`);
      const parsed = new ICAL.Component(ICAL.parse(card) as never);
      // RFC 6350 lets a single text value escape ";"; ical.js leaves that escape in (as tests/accounts/vcard.test.ts says).
      const text = (name: string) => String(parsed.getFirstPropertyValue(name)).replace(/\\;/g, ";");
      const asStored = (value: string) => value.replace(/\r\n|\r/g, "\n");
      assert.equal(text("fn"), asStored(formattedName(row)), `${v}: FN`);
      if (row.note) assert.equal(text("note"), asStored(row.note), `${v}: NOTE`);
    }
  }, { salt: 7 });
});
