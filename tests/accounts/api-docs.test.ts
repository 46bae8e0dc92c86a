// GET /api: the account API's documentation lists every account URL of the route table, and nothing else.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { siteMap } from "../../routes/site-map.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test("/api documents every account URL of the route table with its methods", async () => {
  const res = await server.get("/api");
  assert.equal(res.status, 200);
  const rows = new Map((await siteMap()).filter((r) => r.path.startsWith("/api/accounts")).map((r) => [r.path, r.methods.join(", ")]));
  assert.ok(rows.size > 10);
  for (const [path, methods] of rows) {
    assert.ok(res.body.includes(`<td>${methods}</td><td><code>${path}</code></td>`), `${methods} ${path} is documented`);
  }
});

test("/api leaves out the admin pages' and the dialer's own JSON", async () => {
  const body = (await server.get("/api")).body;
  assert.doesNotMatch(body, /\/api\/admin\/|\/api\/dialer\//);
});
