// README.md tells the truth about the repository: every file it names is in it (or is named as someone else's),
// and the URLs to paste are built on public_url and PORT rather than a fixed localhost:8080.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { test } from "node:test";

const ROOT = join(import.meta.dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const TRACKED = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);

/** Files the README names that are not in the repository, on purpose: the README says whose they are. */
const NOT_IN_REPOSITORY: Record<string, string> = {
  "monitoring.yml": "the Python service's file, named as not shipped",
  "switchboard.alpha.yml": "an instance overlay an admin writes (Several instances)",
  "switchboard.beta.yml": "an instance overlay an admin writes (Several instances)",
  "provisioning-hooks.ts": "code an admin may put in the config folder",
  "config/provisioning-hooks.ts": "code an admin may put in the config folder",
  "exported_accounts.json": "what accounts:export-to-externals writes",
  "reports/*.json": "the Python service's reports folder, which reports:import reads",
  "docker-compose.yml": "the Python service's, which deploy/compose.yml replaces",
};

// A file path: folders, a name, a known extension (or a Dockerfile/Makefile). Not right after "/", ":" or a
// word character, so URL paths (/css/style.css), host paths (/etc/…) and URLs are not taken for repository files.
const FILE = /(?<![\w.:/<>{}[\]@$-])((?:\.{1,2}\/)*(?:[\w.[\]<>*@{}-]+\/)*(?:Dockerfile|Makefile|[\w[\]<>*@{}-][\w.[\]<>*@{}-]*\.(?:ts|md|yml|yaml|json|sql|service|css|js|html|sh|dockerignore)))(?![\w/])/g;

function namedFiles(): string[] {
  return [...new Set([...README.matchAll(FILE)].map((m) => m[1]))];
}

function inRepository(name: string): boolean {
  const path = name.replace(/^(\.{1,2}\/)+/, "");
  if (path.includes("*")) {
    const pattern = new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);
    return TRACKED.some((f) => pattern.test(f));
  }
  // config/phones.yml is made by `make run` from the committed config/phones.example.yml.
  const example = path.replace(/^(config\/)?([\w-]+)\.yml$/, "config/$2.example.yml");
  if (TRACKED.includes(example)) return true;
  if (path.includes("/")) return existsSync(join(ROOT, path));
  return TRACKED.some((f) => basename(f) === path);
}

test("every file the README names is in the repository, or is named as someone else's", () => {
  const names = namedFiles();
  assert.ok(names.length > 50, `only ${names.length} file names found`);
  const missing = names.filter((n) => !/[<{]/.test(n) && !(n in NOT_IN_REPOSITORY) && !inRepository(n));
  assert.deepEqual(missing, []);
});

test("monitoring.yml, which the repository does not ship, is not in the table of config files but named as the seed's", () => {
  assert.doesNotMatch(README, /^\| `monitoring\.yml` \|/m);
  assert.match(README, /Python service may also hold its `monitoring\.yml` \(not shipped here\)/);
});

test("the README does not send readers to the design notes, which are not in the repository", () => {
  assert.doesNotMatch(README, /\bDESIGN\b|DESIGN\.md|STYLE\.md/);
});

test("the URLs to paste into phones are built on public_url, not on a fixed localhost:8080", () => {
  assert.doesNotMatch(README, /localhost:8080|<server>:8080/);
  const paste = README.slice(README.indexOf("## URLs to paste into phones"));
  assert.match(paste, /`Profile_Rule` \| `<public_url>\/\$MA\.xml`/);
  assert.match(paste, /`Report_Rule` \| `<public_url>\/report\/\$MA`/);
});

test("the README's set-up steps say how to sign in, where public_url is set, and to run schema:generate", () => {
  const setUp = README.slice(README.indexOf("## Set-up"), README.indexOf("\n## ", README.indexOf("## Set-up") + 1));
  assert.match(setUp, /make run/);
  assert.match(setUp, /Sign in to the admin pages/);
  assert.match(setUp, /public_url/);
  assert.match(setUp, /npm run cli -- schema:generate/);
  assert.match(setUp, /npm run cli -- --help/);
});
