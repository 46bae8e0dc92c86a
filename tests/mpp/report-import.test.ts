import assert from "node:assert/strict";
import { test } from "node:test";
import { unexpectedParamsYaml } from "../../core/mpp/export.ts";
import { seedReport } from "../../core/mpp/report-import.ts";
import { parseYaml } from "../../lib/yaml.ts";

test("a seed report file becomes a report; raw_xml moves out of the parameters", () => {
  const r = seedReport({ timestamp: "2025-08-08T10:30:00Z", mac_address: "00:11:22:33:44:55", report_type: "status", data: { A: 1, B: null, raw_xml: "<x/>" } });
  assert.deepEqual(r, { mac: "001122334455", receivedAt: "2025-08-08T10:30:00.000Z", clientIp: "", userAgent: "", reportType: "status", paramsJson: '{"A":"1","B":""}', paramCount: 2, rawXml: "<x/>" });
});

test("a seed report file of an unknown report_type counts as a config report", () => {
  assert.equal((seedReport({ timestamp: "2025-08-08T10:30:00Z", mac_address: "001122334455", report_type: "weird" }) as { reportType: string }).reportType, "config");
});

test("a seed report file without MAC or timestamp is explained", () => {
  assert.equal(seedReport(null), "not a JSON object");
  assert.equal(seedReport({ timestamp: "2025-08-08T10:30:00Z", mac_address: "xyz" }), "no valid mac_address");
  assert.equal(seedReport({ mac_address: "001122334455", timestamp: "yesterday" }), "no valid timestamp");
});

test("an export without unexpected parameters is still valid YAML under common:", () => {
  const yaml = unexpectedParamsYaml({ mac: "001122334455", phone_id: null, report_id: 1, received_at: "2025-01-01T00:00:00Z", unexpected_parameters: [] });
  assert.match(yaml, /^# Parameters phone 00:11:22:33:44:55 reported/);
  assert.deepEqual(parseYaml(yaml, "x.yml"), { common: {} });
});
