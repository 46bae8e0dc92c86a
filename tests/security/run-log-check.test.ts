// The check `make test` runs over its whole log (tests/secrets-in-run-log.ts) finds what it is there to find.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findLeaks, knownSecrets } from "../secrets-in-run-log.ts";

test("the whole-run log check knows the tests' secrets and finds one, URL-encoded or not, and any credential's shape", () => {
  const secrets = knownSecrets();
  for (const s of ["Adm1n-Secret-Pw", "Alice-Digest-Pw", "Desk-CGI-Secret", "s3cret&pw"]) assert.ok(secrets.has(s), s);
  assert.ok(![...secrets].some((s) => s === "PASSWORD" || s.includes("/")), "names and paths are not secrets");
  const log = [
    "2026-12-01T10:00:00.000Z INFO config reloaded",
    "2026-12-01T10:00:01.000Z WARN sign-in for admin with Adm1n-Secret-Pw failed",
    "2026-12-01T10:00:02.000Z DEBUG GET /x?pw=s3cret%26pw",
    "2026-12-01T10:00:03.000Z DEBUG upstream said: Authorization: Bearer eyJhbGciOiJub25lIn0.e30",
    "2026-12-01T10:00:04.000Z DEBUG token answer access_token=zzzz9999zzzz",
  ].join("\n");
  assert.deepEqual(findLeaks(log, secrets), [
    "line 2: a test secret (Adm…)",
    "line 3: a test secret (s3c…)",
    "line 4: an Authorization header",
    "line 4: a bearer token",
    "line 5: an OAuth token field",
  ]);
  assert.deepEqual(findLeaks("2026-12-01T10:00:00.000Z INFO 200 GET /status", secrets), []);
});
