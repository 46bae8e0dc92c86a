// After the whole `make test` run (DESIGN §6, issue 19): its log, every level of every server the tests started
// (LOG_FILE), must hold none of the secrets the tests use. The secrets are read from the tests' own sources — every
// string of 8 or more characters given to a password, secret, token or key — and the log is also searched for
// what carries a credential whatever its value (an Authorization header, a bearer token, an OAuth token field).
//   tsx tests/secrets-in-run-log.ts <log file>      exits 1 and names the lines when one is found
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const TESTS = new URL(".", import.meta.url).pathname;

// `password: "…"`, `client_secret = '…'`, `apiKey: "…"`, `"refresh_token": "…"`, YAML's `password: …` inside a
// config the test writes, and basic("user", "…").
const SECRET_SOURCES = [
  /(?:pass(?:word)?|passwd|secret|token|api_?key|psk)\w*["']?\s*[:=]\s*["'`]([^"'`$\s]{8,200})["'`]/gi,
  /(?:password|secret|psk):[ \t]+([^\s"'`,}\]$]{8,200})/gi,
  /\bbasic\(\s*["'`][^"'`]*["'`],\s*["'`]([^"'`$]{8,200})["'`]/gi,
];
// Whatever value they carry, these never belong in a log line.
const CREDENTIAL_SHAPES: [string, RegExp][] = [
  ["an Authorization header", /\bauthorization["']?\s*[:=]\s*["']?(?:basic|digest|bearer)\s+\S/i],
  ["a bearer token", /\bbearer\s+[A-Za-z0-9._~+/-]{12,}/i],
  ["an OAuth token field", /\b(?:access|refresh)_token["']?\s*[:=]\s*["']?[A-Za-z0-9._~+/-]{8,}/i],
];

function testSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" ? [] : testSources(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

export function knownSecrets(): Set<string> {
  const secrets = new Set<string>();
  for (const file of testSources(TESTS)) {
    const source = readFileSync(file, "utf8");
    for (const m of SECRET_SOURCES.flatMap((re) => [...source.matchAll(re)])) {
      // Not a secret's value: a URL or path, a pattern, a placeholder, a constant's or a property's name, a word
      // without a digit or capital.
      const value = m[1];
      if (/[/\\()[\]{}]|^https?:|^<|^\*+$|^[A-Z_]+$|^[a-z]\w*\.\w+$/.test(value) || !/[0-9A-Z]/.test(value)) continue;
      secrets.add(value);
    }
  }
  return secrets;
}

export function findLeaks(log: string, secrets: Set<string>): string[] {
  const found: string[] = [];
  log.split("\n").forEach((line, i) => {
    for (const secret of secrets) if (line.includes(secret) || line.includes(encodeURIComponent(secret))) found.push(`line ${i + 1}: a test secret (${secret.slice(0, 3)}…)`);
    for (const [what, shape] of CREDENTIAL_SHAPES) if (shape.test(line)) found.push(`line ${i + 1}: ${what}`);
  });
  return found;
}

const file = process.argv[2];
if (file) {
  const log = readFileSync(file, "utf8");
  const secrets = knownSecrets();
  const leaks = findLeaks(log, secrets);
  const lines = log.split("\n").length - 1;
  if (leaks.length) {
    console.error(`secrets in the test run's log (${file}):\n${leaks.slice(0, 50).join("\n")}${leaks.length > 50 ? `\n… and ${leaks.length - 50} more` : ""}`);
    process.exitCode = 1;
  } else {
    console.log(`the test run's log: ${lines} lines, none holds any of ${secrets.size} test secrets nor a credential`);
  }
}
