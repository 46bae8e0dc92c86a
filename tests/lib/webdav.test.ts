// WebDAV in lib: its methods go through the router and dispatcher like any other (405 + Allow, OPTIONS headers,
// the cross-site rule for the ones that change state), request bodies are read with their namespaces, and
// Multistatus bodies are namespace-correct for a parser that is not ours.
import { DOMParser } from "@xmldom/xmldom";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import { createDispatcher } from "../../lib/dispatch.ts";
import { text } from "../../lib/http.ts";
import { Router, type Guard } from "../../lib/router.ts";
import { DAV, Multistatus, parseDavBody, qname } from "../../lib/webdav.ts";
import { XmlParseError } from "../../lib/xml-parse.ts";
import { xmllint } from "../helpers/xml.ts";

process.env.LOG_LEVEL = "silent";
let server: Server;
let base: string;
let handled: string[] = [];
/** Like HTTP Basic: a browser would send it by itself, so state changes only from our own pages. */
const ambient: Guard<null, null> = { name: "basic", crossSite: "own-pages", check: () => null };
const OWN = new Set(["http://pbx.example.com"]);

before(async () => {
  const answer = (name: string) => () => (handled.push(name), text(name, "text/plain", 207));
  const router = new Router<null>([
    { path: "/dav/", guard: ambient, load: async () => ({ PROPFIND: answer("PROPFIND"), REPORT: answer("REPORT"), MKCOL: answer("MKCOL"), PROPPATCH: answer("PROPPATCH"), optionsHeaders: { DAV: "1, 3" } }) },
  ]);
  const dispatch = createDispatcher({ router, app: null, clientIp: () => "127.0.0.1", ownOrigins: () => OWN });
  server = createServer((req, res) => void dispatch(req, res));
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => new Promise<void>((ok) => server.close(() => ok())));

test("WebDAV methods reach the module that exports them; a method it lacks is 405 with an Allow naming them", async () => {
  for (const method of ["PROPFIND", "REPORT"]) assert.equal((await fetch(`${base}/dav/`, { method })).status, 207, method);
  const res = await fetch(`${base}/dav/`, { method: "DELETE" });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "OPTIONS, PROPFIND, PROPPATCH, MKCOL, REPORT");
});

test("OPTIONS carries the module's own headers (DAV:) beside Allow", async () => {
  const res = await fetch(`${base}/dav/`, { method: "OPTIONS" });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("dav"), "1, 3");
  assert.match(res.headers.get("allow") ?? "", /PROPFIND/);
});

test("MKCOL and PROPPATCH from another site are refused before the handler; PROPFIND and REPORT are reads", async () => {
  handled = [];
  const foreign = { Origin: "https://evil.example", "Content-Type": "application/xml" };
  for (const method of ["MKCOL", "PROPPATCH"]) assert.equal((await fetch(`${base}/dav/`, { method, headers: foreign, body: "<x/>" })).status, 403, method);
  for (const method of ["PROPFIND", "REPORT"]) assert.equal((await fetch(`${base}/dav/`, { method, headers: foreign, body: "<x/>" })).status, 207, method);
  assert.deepEqual(handled, ["PROPFIND", "REPORT"]);
});

test("a request body's elements carry their namespaces: prefixes, a default namespace and redeclarations", () => {
  const root = parseDavBody(`<A:propfind xmlns:A="DAV:"><A:prop xmlns="urn:x"><A:getetag/><color/><A:foo xmlns:A="urn:other"/></A:prop></A:propfind>`, 4096);
  assert.deepEqual([root.ns, root.local], [DAV, "propfind"]);
  assert.deepEqual(root.children[0].children.map((c) => `${c.ns} ${c.local}`), ["DAV: getetag", "urn:x color", "urn:other foo"]);
  assert.throws(() => parseDavBody(`<!DOCTYPE a [<!ENTITY b "c">]><a/>`, 4096), /DOCTYPE/);
});

test("a Multistatus declares its namespaces, and a property of an unknown namespace in place", () => {
  const body = new Multistatus({ [DAV]: "d" })
    .response("/a/", [{ name: qname(DAV, "displayname"), value: ["Büro & <Küche>"] }, { name: qname("urn:x", "color"), value: undefined }])
    .status("/gone.vcf", 404)
    .syncToken("urn:t:1")
    .toString();
  xmllint(body);
  const doc = new DOMParser().parseFromString(body, "text/xml");
  const names = doc.getElementsByTagNameNS(DAV, "displayname");
  assert.equal(names[0].textContent, "Büro & <Küche>");
  assert.equal(doc.getElementsByTagNameNS("urn:x", "color").length, 1);
  const statuses = Array.from({ length: doc.getElementsByTagNameNS(DAV, "status").length }, (_, i) => doc.getElementsByTagNameNS(DAV, "status")[i].textContent);
  assert.deepEqual(statuses, ["HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 404 Not Found"]);
  assert.equal(doc.getElementsByTagNameNS(DAV, "sync-token")[0].textContent, "urn:t:1");
});

test("a body nested thousands deep is an XmlParseError, not a stack overflow (fuzz finding)", () => {
  const deep = `<d:propfind xmlns:d="DAV:">${"<a>".repeat(6000)}${"</a>".repeat(6000)}</d:propfind>`;
  assert.throws(() => parseDavBody(deep, 64 * 1024), (err: unknown) => err instanceof XmlParseError && /nested deeper than/.test(err.message));
});
