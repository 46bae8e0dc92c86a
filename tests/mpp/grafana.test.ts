import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parseMetrics } from "../helpers/prometheus.ts";
import { startTestServer } from "../helpers/server.ts";

test("the Grafana dashboard only queries metrics the server exposes", async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const exposed = new Set(parseMetrics((await server.get("/metrics")).body).keys());
  const dash = JSON.parse(readFileSync(new URL("../../grafana/dashboard.json", import.meta.url), "utf8"));
  const exprs: string[] = dash.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr));
  assert.ok(exprs.length >= 10);
  const labels = new Set(["phone_mac", "phone_model", "report_type", "current_version", "expected_version"]);
  for (const e of exprs) {
    for (const name of e.match(/\b(?:phone|reports|process)_[a-z_]+\b/g) ?? []) {
      if (labels.has(name)) continue;
      assert.ok(exposed.has(name.replace(/_bucket$/, "")), `${name} in "${e}"`);
    }
  }
});
