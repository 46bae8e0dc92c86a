// Sends an account creation token to an app by push notification, through Flexisip's flexisip_pusher program run
// with the arguments FlexiAPI gives it (FlexisipPusherConnector, 1.3.10 and 1.5.0). The program is started with an
// argv array, never through a shell, is killed at the deadline, and at most a few run at once: the endpoint that
// starts it is public.
import type { PushDevice } from "../../db/account-creation-tokens.ts";
import { Unavailable } from "../../lib/errors.ts";
import { log, oneLine } from "../../lib/log.ts";
import { runCommand, type CommandResult } from "../../lib/run-command.ts";
import type { PushSettings } from "../config/push-settings.ts";

const MAX_RUNNING = 4;
const APNS_PROVIDERS = ["apns", "apns.dev"];

/**
 * flexisip_pusher's arguments for this device and token: the device, the token as a `{"token":"…"}` custom
 * payload, then `--apple-push-type Background` for APNs and `--key` when a Firebase key applies (1.5: the key
 * mapped to the device's pn_param; else 1.3: the one key, for every provider but APNs).
 */
export function pusherArguments(device: PushDevice, token: string, s: PushSettings): string[] {
  const args = ["--pn-provider", device.pn_provider, "--pn-param", device.pn_param, "--pn-prid", device.pn_prid, "--customPayload", JSON.stringify({ token })];
  if (APNS_PROVIDERS.includes(device.pn_provider)) args.push("--apple-push-type", "Background");
  const key = firebaseKey(device, s);
  if (key) args.push("--key", key);
  return args;
}

function firebaseKey(device: PushDevice, s: PushSettings): string | null {
  if (Object.hasOwn(s.firebase_keys, device.pn_param)) return s.firebase_keys[device.pn_param];
  return APNS_PROVIDERS.includes(device.pn_provider) ? null : s.firebase_key;
}

export class FlexisipPusher {
  private running = 0;
  private readonly stopping = new AbortController();

  /** `settings()` is read for every push, so a changed setting applies to the next one. */
  constructor(private readonly settings: () => PushSettings) {}

  /** Pushes the token to the device; Unavailable (503) when it was not sent, for whatever reason. */
  async sendToken(device: PushDevice, token: string): Promise<void> {
    const s = this.settings();
    if (!s.pusher) throw new Unavailable("Token not sent: push notifications are not configured on this server.");
    if (this.running >= MAX_RUNNING) throw new Unavailable("Token not sent: too many push notifications at once, try again in a moment.");
    const key = firebaseKey(device, s);
    if (device.pn_provider === "fcm" && !key) log.warn(`push: no Firebase key for pn_param "${oneLine(device.pn_param, 80)}" (push.firebase_keys or push.firebase_key)`);
    this.running++;
    let result: CommandResult;
    try {
      result = await runCommand(s.pusher, pusherArguments(device, token, s), { timeoutMs: s.timeout_seconds * 1000, maxOutputBytes: 4096, signal: this.stopping.signal });
    } catch (err) {
      if (this.stopping.signal.aborted) throw new Unavailable("Token not sent: the server is stopping.");
      log.error(`push: ${s.pusher} could not be started (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      throw new Unavailable("Token not sent");
    } finally {
      this.running--;
    }
    if (result.code === 0 && !result.timedOut) return;
    // Its output may repeat the token or the key: both are taken out before it is logged.
    let said = (result.stderr.trim() || result.stdout.trim()).split("\n").pop() ?? "";
    for (const secret of [token, key]) if (secret) said = said.split(secret).join("…");
    const how = result.timedOut ? `was killed after ${s.timeout_seconds} s` : result.code === null ? `ended by ${result.signal}` : `exited with ${result.code}`;
    log.error(`push: ${s.pusher} ${how} for provider "${oneLine(device.pn_provider, 40)}"${said ? `: ${oneLine(said)}` : ""}`);
    throw new Unavailable("Token not sent");
  }

  /** Kills the pushers still running (the server stops). */
  close(): void {
    this.stopping.abort();
  }
}
