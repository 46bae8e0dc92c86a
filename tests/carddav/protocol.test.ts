// CardDAV (DESIGN §5.3) per method: discovery, sign-in, PROPFIND, GET, the refused writes and bad requests. Each
// test makes its own book (its own key); reports and sync are in reports.test.ts.
import assert from "node:assert/strict";
import { after, before, test, type TestContext } from "node:test";
import ICAL from "ical.js";
import { renameSource } from "../../db/contact-sources.ts";
import { sourceWith, tel } from "../fixtures/contacts.ts";
import { basic, CARDDAV, dav, davErrorConditions, DAV, multistatus, PROPFIND_BASICS, propChildren, propText } from "../helpers/dav.ts";
import { LOOPBACK_SERVICECONFIG, startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const CS = "http://calendarserver.org/ns/";
const keyAuth = (key: string) => basic("fritzbox", key);

/** serviceconfig.yml with sign-in on for one test: admin / admin-pass, user / user-pass, monitor / monitor-pass. */
function withUsers(t: TestContext): void {
  t.after(() => server.writeConfig("serviceconfig.yml", LOOPBACK_SERVICECONFIG));
  server.writeConfig("serviceconfig.yml", `ip_whitelist: [127.0.0.1]
auth:
  enabled: true
  users:
    admin: {username: admin, password: admin-pass, role: admin}
    user: {username: user, password: user-pass, role: user}
    monitor: {username: monitor, password: monitor-pass, role: monitor}
`);
}

test("/.well-known/carddav sends clients to /carddav/ with a 301, for GET and PROPFIND alike", async () => {
  for (const method of ["GET", "PROPFIND"]) {
    const res = await dav(server, method, "/.well-known/carddav", { depth: "0" });
    assert.equal(res.status, 301, method);
    assert.equal(res.headers.get("location"), "/carddav/");
  }
});

test("OPTIONS advertises DAV: 1, 3, addressbook and the methods, without credentials", async () => {
  for (const path of ["/carddav/", "/carddav/any/", "/carddav/any/x.vcf"]) {
    const res = await dav(server, "OPTIONS", path);
    assert.equal(res.status, 204, path);
    assert.equal(res.headers.get("dav"), "1, 3, addressbook");
    assert.match(res.headers.get("allow") ?? "", /PROPFIND/);
  }
  assert.match((await dav(server, "OPTIONS", "/carddav/any/")).headers.get("allow") ?? "", /REPORT/);
});

test("without credentials or with a wrong key: the same 401 and Basic challenge whether the URL's key exists or not", async () => {
  sourceWith(server.app, "exists-401", [{ display_name: "A", numbers: [tel("mobile", "+49 170 1")] }]);
  const answers = [];
  for (const path of ["/carddav/exists-401/", "/carddav/missing-401/"]) {
    for (const auth of [undefined, keyAuth("wrong-key")]) {
      const res = await dav(server, "PROPFIND", path, { depth: "0", auth });
      assert.equal(res.status, 401, `${path} ${auth ?? "no credentials"}`);
      assert.match(res.headers.get("www-authenticate") ?? "", /^Basic realm=/);
      answers.push(res.body);
    }
  }
  assert.equal(answers[0], answers[2], "no credentials: nothing says whether the key exists");
  assert.equal(answers[1], answers[3], "a wrong key: nothing says whether the URL's key exists");
});

test("another key's book is 404 for a key holder, exactly like a book that does not exist", async () => {
  sourceWith(server.app, "mine-404", [{ display_name: "A" }]);
  sourceWith(server.app, "theirs-404", [{ display_name: "B" }]);
  const theirs = await dav(server, "PROPFIND", "/carddav/theirs-404/", { depth: "0", auth: keyAuth("mine-404") });
  const missing = await dav(server, "PROPFIND", "/carddav/nobody-404/", { depth: "0", auth: keyAuth("mine-404") });
  assert.equal(theirs.status, 404);
  assert.equal(missing.status, 404);
  assert.equal(theirs.body, missing.body);
  assert.deepEqual(davErrorConditions(theirs), []);
});

test("wrong keys count against the address as ?key= does: after 20, even the right key is 429 for a while", async (t) => {
  const own = await startTestServer();
  t.after(() => own.close());
  sourceWith(own.app, "right-key", [{ display_name: "A" }]);
  for (let i = 0; i < 20; i++) assert.equal((await dav(own, "PROPFIND", "/carddav/", { depth: "0", auth: keyAuth(`guess-${i}`) })).status, 401);
  assert.equal((await dav(own, "PROPFIND", "/carddav/", { depth: "0", auth: keyAuth("guess-20") })).status, 401, "the 21st is counted");
  const blocked = await dav(own, "PROPFIND", "/carddav/right-key/", { depth: "0", auth: keyAuth("right-key") });
  assert.equal(blocked.status, 429);
  assert.ok(Number(blocked.headers.get("retry-after")) > 0);
  assert.equal((await own.get("/cisco/directory?key=right-key")).status, 429, "one limiter for keys, whichever URL carried them");
});

test("discovery: the home is the principal and the address-book home; Depth 1 lists only the key's own book", async () => {
  sourceWith(server.app, "disc-own", [{ display_name: "A", numbers: [tel("mobile", "+49 170 1")] }]);
  sourceWith(server.app, "disc-other", [{ display_name: "B" }]);
  const { responses } = multistatus(await dav(server, "PROPFIND", "/carddav/", { depth: "1", auth: keyAuth("disc-own"), body: PROPFIND_BASICS }));
  const home = responses.get("/carddav/");
  assert.equal(propText(home, DAV, "current-user-principal"), "/carddav/");
  assert.equal(propText(home, CARDDAV, "addressbook-home-set"), "/carddav/");
  assert.deepEqual([...responses.keys()], ["/carddav/", "/carddav/disc-own/"], "another key's book is not listed");
  const book = responses.get("/carddav/disc-own/");
  assert.deepEqual(propChildren(book, DAV, "resourcetype").sort(), [`${DAV} collection`, `${CARDDAV} addressbook`].sort());
  assert.equal(propText(book, DAV, "displayname"), "Book disc-own");
  const types = book!.props.get(`${CARDDAV} supported-address-data`)!.el.getElementsByTagNameNS(CARDDAV, "address-data-type");
  assert.deepEqual(Array.from({ length: types.length }, (_, i) => `${types[i].getAttribute("content-type")} ${types[i].getAttribute("version")}`), ["text/vcard 3.0", "text/vcard 4.0"]);
  assert.ok(propText(book, DAV, "sync-token"), "a sync-token");
  assert.equal(propText(book, CS, "getctag"), propText(book, DAV, "sync-token"));
  assert.equal(book!.props.get(`${DAV} getetag`)?.status, 404, "a collection has no ETag: asked for, it is listed as not found");
});

test("a serviceconfig user (admin or user role) sees every book; a monitor is refused", async (t) => {
  withUsers(t);
  sourceWith(server.app, "every-1", [{ display_name: "A" }]);
  sourceWith(server.app, "every-2", [{ display_name: "B" }]);
  for (const [name, password] of [["admin", "admin-pass"], ["user", "user-pass"]]) {
    const { responses } = multistatus(await dav(server, "PROPFIND", "/carddav/", { depth: "1", auth: basic(name, password) }));
    assert.ok(responses.has("/carddav/every-1/") && responses.has("/carddav/every-2/"), name);
    assert.equal((await dav(server, "PROPFIND", "/carddav/every-2/", { depth: "0", auth: basic(name, password) })).status, 207);
  }
  assert.equal((await dav(server, "PROPFIND", "/carddav/", { depth: "0", auth: basic("monitor", "monitor-pass") })).status, 403);
  assert.equal((await dav(server, "PROPFIND", "/carddav/", { depth: "0", auth: basic("admin", "wrong") })).status, 401);
});

test("Depth: infinity is refused with propfind-finite-depth; a Depth that is no depth is 400", async () => {
  sourceWith(server.app, "depth", [{ display_name: "A" }]);
  for (const path of ["/carddav/", "/carddav/depth/"]) {
    const res = await dav(server, "PROPFIND", path, { depth: "infinity", auth: keyAuth("depth") });
    assert.equal(res.status, 403, path);
    assert.deepEqual(davErrorConditions(res), [`${DAV} propfind-finite-depth`]);
  }
  assert.equal((await dav(server, "PROPFIND", "/carddav/depth/", { depth: "2", auth: keyAuth("depth") })).status, 400);
});

test("a book's Depth 1 lists every card with its ETag and text/vcard; an unknown property is 404 in its own propstat", async () => {
  sourceWith(server.app, "listing", [{ display_name: "A", numbers: [tel("mobile", "+49 170 1")] }, { display_name: "B", numbers: [tel("home", "030 1")] }]);
  const body = `<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:getcontenttype/><d:resourcetype/><x:color xmlns:x="urn:example:x"/></d:prop></d:propfind>`;
  const { responses } = multistatus(await dav(server, "PROPFIND", "/carddav/listing/", { depth: "1", auth: keyAuth("listing"), body }));
  const cards = [...responses.values()].filter((r) => r.href.endsWith(".vcf"));
  assert.equal(cards.length, 2);
  for (const c of cards) {
    assert.match(c.href, /^\/carddav\/listing\/[0-9a-f-]{36}\.vcf$/);
    assert.match(propText(c, DAV, "getetag") ?? "", /^"\d+"$/);
    assert.equal(propText(c, DAV, "getcontenttype"), "text/vcard; charset=utf-8");
    assert.deepEqual(propChildren(c, DAV, "resourcetype"), []);
    assert.equal(c.props.get("urn:example:x color")?.status, 404);
  }
  assert.notEqual(propText(cards[0], DAV, "getetag"), propText(cards[1], DAV, "getetag"));
  const depth0 = multistatus(await dav(server, "PROPFIND", "/carddav/listing/", { depth: "0", auth: keyAuth("listing"), body }));
  assert.deepEqual([...depth0.responses.keys()], ["/carddav/listing/"]);
});

test("GET of a card: a vCard 3.0 a parser reads, with its ETag; If-None-Match with it is 304; HEAD has no body", async () => {
  sourceWith(server.app, "get", [{ display_name: "Zoë Ørsted 李", numbers: [tel("mobile", "+49 170 5")], emails: [{ address: "zoe@example.com", label: "work" }] }]);
  const { responses } = multistatus(await dav(server, "PROPFIND", "/carddav/get/", { depth: "1", auth: keyAuth("get") }));
  const card = [...responses.values()].find((r) => r.href.endsWith(".vcf"))!;
  const res = await dav(server, "GET", card.href, { auth: keyAuth("get") });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/vcard/);
  assert.equal(res.headers.get("etag"), propText(card, DAV, "getetag"), "GET's ETag is the listed getetag");
  const vcard = new ICAL.Component(ICAL.parse(res.body) as never);
  assert.equal(vcard.getFirstPropertyValue("version"), "3.0");
  assert.equal(vcard.getFirstPropertyValue("fn"), "Zoë Ørsted 李", "non-ASCII names intact");
  assert.equal(`/carddav/get/${vcard.getFirstPropertyValue("uid")}.vcf`, card.href, "the href names the vCard's UID");
  const again = await dav(server, "GET", card.href, { auth: keyAuth("get"), headers: { "If-None-Match": res.headers.get("etag")! } });
  assert.equal(again.status, 304);
  assert.equal(again.body, "");
  const head = await dav(server, "HEAD", card.href, { auth: keyAuth("get") });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("etag"), res.headers.get("etag"));
  assert.equal(head.body, "");
  assert.equal((await dav(server, "GET", "/carddav/get/00000000-0000-5000-8000-000000000000.vcf", { auth: keyAuth("get") })).status, 404);
});

test("non-ASCII book names reach the client as UTF-8 in displayname", async () => {
  const source = sourceWith(server.app, "umlaut-book", [{ display_name: "A" }]);
  renameSource(server.app.db, source.id, "Büro Köln – 東京");
  const { responses } = multistatus(await dav(server, "PROPFIND", "/carddav/umlaut-book/", { depth: "0", auth: keyAuth("umlaut-book") }));
  assert.equal(propText(responses.get("/carddav/umlaut-book/"), DAV, "displayname"), "Büro Köln – 東京");
});

test("PUT, DELETE, MKCOL and PROPPATCH are 403 with need-privileges: the books are read-only", async () => {
  sourceWith(server.app, "readonly", [{ display_name: "A" }]);
  const auth = keyAuth("readonly");
  const attempts: [string, string][] = [["PUT", "/carddav/readonly/new.vcf"], ["DELETE", "/carddav/readonly/new.vcf"], ["DELETE", "/carddav/readonly/"],
    ["MKCOL", "/carddav/readonly/"], ["MKCOL", "/carddav/"], ["PROPPATCH", "/carddav/readonly/"]];
  for (const [method, path] of attempts) {
    const res = await dav(server, method, path, { auth, body: method === "PUT" ? "BEGIN:VCARD\r\nEND:VCARD\r\n" : undefined });
    assert.equal(res.status, 403, `${method} ${path}`);
    assert.deepEqual(davErrorConditions(res), [`${DAV} need-privileges`]);
  }
  assert.equal((await dav(server, "PUT", "/carddav/readonly/new.vcf", { body: "x" })).status, 401, "without credentials, 401 first");
});

test("malformed XML and a DOCTYPE are 400, a body over the limit 413, an unknown report 403 supported-report", async () => {
  sourceWith(server.app, "bad-xml", [{ display_name: "A" }]);
  const auth = keyAuth("bad-xml");
  assert.equal((await dav(server, "PROPFIND", "/carddav/bad-xml/", { depth: "0", auth, body: "<d:propfind xmlns:d='DAV:'><d:prop>" })).status, 400);
  const doctype = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><d:propfind xmlns:d="DAV:"><d:allprop/></d:propfind>`;
  assert.equal((await dav(server, "PROPFIND", "/carddav/bad-xml/", { depth: "0", auth, body: doctype })).status, 400);
  const huge = `<d:propfind xmlns:d="DAV:"><d:prop>${"<d:getetag/>".repeat(120_000)}</d:prop></d:propfind>`;
  assert.equal((await dav(server, "REPORT", "/carddav/bad-xml/", { auth, body: huge })).status, 413);
  const unknown = await dav(server, "REPORT", "/carddav/bad-xml/", { auth, body: `<x:free-busy xmlns:x="urn:example"/>` });
  assert.equal(unknown.status, 403);
  assert.deepEqual(davErrorConditions(unknown), [`${DAV} supported-report`]);
});

test("a PROPFIND without a body (allprop) answers RFC 4918's properties and getctag, not sync-token or privileges", async () => {
  sourceWith(server.app, "allprop", [{ display_name: "A", numbers: [tel("mobile", "+49 170 1")] }]);
  const { responses } = multistatus(await dav(server, "PROPFIND", "/carddav/allprop/", { depth: "1", auth: keyAuth("allprop") }));
  const book = responses.get("/carddav/allprop/")!;
  assert.deepEqual([...book.props.keys()].sort(), [`${DAV} displayname`, `${DAV} resourcetype`, `${CS} getctag`].sort());
  const card = [...responses.values()].find((r) => r.href.endsWith(".vcf"))!;
  assert.deepEqual([...card.props.keys()].sort(), [`${DAV} getcontenttype`, `${DAV} getetag`, `${DAV} resourcetype`]);
});
