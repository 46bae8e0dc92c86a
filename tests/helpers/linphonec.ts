// A real Linphone client for the provisioning tests (DESIGN §7): Debian's linphonec (linphone-cli, liblinphone 5)
// started headless with a throw-away HOME and a config whose [misc] config-uri is the provisioning URL. liblinphone
// fetches that URL while it starts, loads the XML into its config and creates the account from it. The run is bounded:
// the client is told to quit, and killed when it does not.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const hasLinphonec = spawnSync("linphonec", ["-v"], { timeout: 10_000 }).error === undefined;

/** Why the linphonec tests cannot run here, or undefined when they can. */
export function linphonecMissing(): string | undefined {
  if (hasLinphonec) return undefined;
  if (process.getuid?.() === 0) throw new Error("linphonec is missing although we are root: make test installs it (Makefile TEST_TOOLS linphonec:linphone-cli)");
  return "linphonec is missing (Debian package linphone-cli; make test installs it when run as root)";
}

export interface LinphonecRun {
  /** What the last `proxy list` printed. */
  proxies: string;
  /** The client's config file after it quit (it saves what provisioning gave it). */
  rc: string;
  /** liblinphone's log (-d 6), for failure messages. */
  log: string;
}

const POLL_MS = 250;

/**
 * Starts linphonec on `configUri`; once the provisioning answer is in its log, asks `proxy list` until `done` says
 * the output is what the test waits for, or `settleMs` after the answer when `done` is not given (nothing should
 * happen), or until `timeoutMs` in all.
 */
export async function runLinphonec(configUri: string, o: { done?: (proxies: string) => boolean; settleMs?: number; timeoutMs?: number } = {}): Promise<LinphonecRun> {
  const home = mkdtempSync(join(tmpdir(), "switchboard-linphonec-"));
  const rcPath = join(home, "linphonerc");
  const logPath = join(home, "linphonec.log");
  // liblinphone refuses to start without a folder for its database.
  mkdirSync(join(home, ".local", "share", "linphone"), { recursive: true });
  // No listening SIP ports: the client only connects out, to the loopback addresses the document names.
  writeFileSync(rcPath, `[misc]\nconfig-uri=${configUri}\n[sip]\nsip_port=-1\nsip_tcp_port=-1\nsip_tls_port=-1\n`);
  const child = spawn("linphonec", ["-c", rcPath, "-d", "6", "-l", logPath], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, LANG: "C" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
  child.stderr.resume();
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  const readLog = () => {
    try {
      return readFileSync(logPath, "utf8");
    } catch {
      return "";
    }
  };
  const deadline = Date.now() + (o.timeoutMs ?? 20_000);
  const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));
  try {
    // The provisioning answer's status line, as belle-sip logs the bytes it received.
    while (!/^HTTP\/1\.[01] \d{3}/m.test(readLog()) && Date.now() < deadline) await sleep(POLL_MS);
    const settleUntil = Date.now() + (o.settleMs ?? 1500);
    let proxies = "";
    while (Date.now() < deadline) {
      const mark = out.length;
      child.stdin.write("proxy list\n");
      await sleep(POLL_MS);
      proxies = out.slice(mark);
      if (o.done ? o.done(proxies) : Date.now() >= settleUntil) break;
    }
    child.stdin.write("quit\n");
    await Promise.race([exited, sleep(5_000)]);
    return { proxies, rc: readFileSync(rcPath, "utf8"), log: readLog() };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    rmSync(home, { recursive: true, force: true });
  }
}

/** One [section] of an rc file as key → value. */
export function rcSection(rc: string, name: string): Record<string, string> | undefined {
  const lines = rc.split(/\r?\n/);
  const start = lines.indexOf(`[${name}]`);
  if (start < 0) return undefined;
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("[")) break;
    const eq = line.indexOf("=");
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
