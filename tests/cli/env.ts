// The CLI finds its folder and database through the environment; a test sets them for itself alone.
import type { TestContext } from "node:test";

/** Sets environment variables for this test; they are put back as they were when it ends. */
export function envFor(t: TestContext, vars: Record<string, string>): void {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  t.after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  Object.assign(process.env, vars);
}
