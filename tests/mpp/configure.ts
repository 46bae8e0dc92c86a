// A shared test server's config file, changed for one test: the file as it was (or its absence) comes back
// when the test ends, so the next test sees the config the file's `before` set up.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { TestContext } from "node:test";
import type { TestServer } from "../helpers/server.ts";

export function configure(t: TestContext, server: TestServer, file: string, yaml: string): void {
  const path = join(server.configDir, file);
  const before = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  t.after(() => {
    if (before !== undefined) return server.writeConfig(file, before);
    rmSync(path, { force: true });
    server.app.store.reload();
  });
  server.writeConfig(file, yaml);
}
