// The client side of HTTP Digest (lib/digest.ts answerDigestChallenge), as the resync job answers a phone's 401:
// each response is recomputed here with node:crypto from RFC 7616 / RFC 2069, not with lib/digest.ts.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { answerDigestChallenge } from "../../lib/digest.ts";

const h = (alg: string, s: string) => createHash(alg).update(s).digest("hex");
const fields = (header: string) => Object.fromEntries([...header.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1], m[2] ?? m[3]]));
const creds = { username: "admin", password: "s3cret", method: "GET", uri: "/admin/reboot", cnonce: "0a4f113b" };

test("a SHA-256 challenge with qop=auth among other challenges is answered with its realm, nonce and opaque", () => {
  const answer = answerDigestChallenge('Basic realm="x", Digest realm="Cisco", qop="auth,auth-int", algorithm=SHA-256, nonce="n1", opaque="o1"', creds)!;
  const f = fields(answer);
  const ha1 = h("sha256", "admin:Cisco:s3cret");
  assert.equal(f.response, h("sha256", `${ha1}:n1:00000001:0a4f113b:auth:${h("sha256", "GET:/admin/reboot")}`));
  assert.deepEqual([f.realm, f.nonce, f.opaque, f.qop, f.nc, f.uri, f.algorithm], ["Cisco", "n1", "o1", "auth", "00000001", "/admin/reboot", "SHA-256"]);
});

test("a challenge without qop (RFC 2069) gets the old response; an unusable one gets none", () => {
  const f = fields(answerDigestChallenge('Digest realm="Cisco", nonce="n2"', creds)!);
  assert.equal(f.response, h("md5", `${h("md5", "admin:Cisco:s3cret")}:n2:${h("md5", "GET:/admin/reboot")}`));
  assert.equal(f.qop, undefined);
  assert.equal(answerDigestChallenge('Basic realm="x"', creds), undefined);
  assert.equal(answerDigestChallenge('Digest realm="x", nonce="n", qop="auth-int"', creds), undefined, "only qop=auth is spoken");
  assert.equal(answerDigestChallenge('Digest realm="x", nonce="n", algorithm=SHA-512-256', creds), undefined);
});
