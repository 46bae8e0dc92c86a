// Debian's chromium driven by playwright-core (DESIGN §7): never a downloaded browser. Without chromium (not
// root, so `make test` could not install it) the browser tests are skipped with this reason.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

export const skipWithoutBrowser: false | string = existsSync(CHROMIUM) ? false : "Debian's chromium is not installed (make test installs it when run as root)";

// The background-networking flags keep chromium from reaching for Google's hosts on a closed network.
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
