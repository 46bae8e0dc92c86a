// switchboard.yml's tls: section (DESIGN §4.1): off by default; a port needs a certificate and a key; paths are
// relative to the config folder; and what a phone certificate's subject names (core/mpp/mic.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { validateSwitchboard } from "../../core/config/switchboard.ts";
import { tlsFiles } from "../../core/config/tls-settings.ts";
import { macOfCertificate } from "../../core/mpp/mic.ts";
import { parseYaml } from "../../lib/yaml.ts";

const load = (yaml: string) => validateSwitchboard(parseYaml(yaml, "switchboard.yml"), "switchboard.yml");
const messages = (yaml: string) => load(yaml).problems.map((p) => p.message);

test("without tls: no HTTPS listener", () => {
  const { config, problems } = load("public_url: http://pbx.example.com\n");
  assert.deepEqual(problems, []);
  assert.deepEqual(config.tls, { port: null, cert: null, key: null, client_ca: null, profiles_only_to_proven_phones: false });
  assert.equal(tlsFiles(config.tls, "/etc/switchboard"), undefined);
});

test("paths are relative to the config folder; absolute ones stay", () => {
  const { config, problems } = load("tls: {port: 8443, cert: tls/server.pem, key: /etc/ssl/private/server.key, client_ca: cisco-mic.pem}\n");
  assert.deepEqual(problems, []);
  assert.deepEqual(tlsFiles(config.tls, "/etc/switchboard"), { cert: "/etc/switchboard/tls/server.pem", key: "/etc/ssl/private/server.key", ca: "/etc/switchboard/cisco-mic.pem" });
});

test("a port without certificate and key, a port out of range or a path that is not text is a config error", () => {
  assert.deepEqual(messages("tls: {port: 8443}\n"), ["tls.port is set: cert and key must name the server's certificate and private key (PEM files)"]);
  assert.deepEqual(messages("tls: {port: 70000, cert: a.pem, key: a.key}\n"), ["tls.port must be a port number from 0 to 65535, or null (no HTTPS), got 70000"]);
  assert.deepEqual(messages("tls: {port: 8443, cert: [a.pem], key: a.key}\n"), ["tls.cert must be the path of a PEM file (relative to the config folder)"]);
  assert.deepEqual(messages("tls: on\n"), ["tls must be a map of settings: {port, cert, key, client_ca}"]);
  assert.deepEqual(messages("tls: {port: 8443, cert: a.pem, key: a.key, profiles_only_to_proven_phones: true}\n"), ["tls.profiles_only_to_proven_phones needs client_ca: without it no phone can prove itself"]);
});

test("a phone certificate names its MAC in S (ST), as Cisco's MPP guide shows, or in the CN", () => {
  assert.equal(macOfCertificate({ OU: "CP-8841-3PCC", L: "88012BA01234", ST: "000e08abcdef" }), "000e08abcdef");
  assert.equal(macOfCertificate({ CN: "CP-8851-3PCC-SEP001122334455", O: "Cisco Systems Inc." }), "001122334455");
  assert.equal(macOfCertificate({ CN: "00:11:22:33:44:55" }), "001122334455");
  assert.equal(macOfCertificate({ CN: "CP-8851-3PCC", ST: "California" }), undefined);
  assert.equal(macOfCertificate({ CN: "SEP001122334455 and more" }), undefined, "the SEP name ends the CN");
});
