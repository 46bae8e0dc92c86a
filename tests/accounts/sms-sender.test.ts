// The SMS sender: a webhook (tests/fakes/sms-webhook.ts records what it got) whose body template is escaped as its
// content type needs, and a command run without a shell (tests/fakes/record-argv.mjs records its argv). Every
// failure is a 503 (Unavailable); with nothing configured the send is refused.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { defaultSmsSettings, validateSmsSettings, type SmsSettings, type SmsWebhook as WebhookSettings } from "../../core/config/confirmation-settings.ts";
import { SmsSender } from "../../core/messaging/sms-sender.ts";
import { Unavailable } from "../../lib/errors.ts";
import { startSmsWebhook, type SmsWebhook } from "../fakes/sms-webhook.ts";

const RECORDER = fileURLToPath(new URL("../fakes/record-argv.mjs", import.meta.url));
/** A message with everything that breaks careless templating: quotes, backslash, newline, &, =, $( ), ;. */
const TRICKY = `Your "PBX" code is 1234 \\ ok\nline & a=b; $(touch pwned) 'x'`;

let hook: SmsWebhook;
let dir: string;

before(async () => {
  hook = await startSmsWebhook();
  dir = mkdtempSync(join(tmpdir(), "sms-sender-"));
});
after(async () => {
  await hook.close();
  rmSync(dir, { recursive: true, force: true });
});

const viaWebhook = (w: Partial<WebhookSettings>, timeout_seconds = 5): SmsSender =>
  new SmsSender(() => ({ ...defaultSmsSettings(), timeout_seconds, webhook: { url: `${hook.url}/send`, method: "POST", headers: {}, content_type: "application/json", body: "", ...w } }));

const viaCommand = (command: string[], timeout_seconds = 5): SmsSender => new SmsSender(() => ({ ...defaultSmsSettings(), timeout_seconds, command }));

const last = () => hook.received.at(-1)!;

test("a JSON webhook gets its template with {phone} and {message} as JSON string content, and its headers", async () => {
  const sender = viaWebhook({ headers: { Authorization: "Bearer gateway-key" }, body: '{"to": "{phone}", "text": "{message}", "sender": "PBX"}' });
  await sender.send("+33612345678", TRICKY);
  const req = last();
  assert.equal(req.method, "POST");
  assert.equal(req.url, "/send");
  assert.equal(req.headers.authorization, "Bearer gateway-key");
  assert.equal(req.headers["content-type"], "application/json");
  assert.deepEqual(JSON.parse(req.body), { to: "+33612345678", text: TRICKY, sender: "PBX" });
});

test("a form webhook gets each placeholder URL-encoded", async () => {
  await viaWebhook({ content_type: "application/x-www-form-urlencoded", body: "to={phone}&text={message}&from=PBX" }).send("+33612345678", TRICKY);
  const form = new URLSearchParams(last().body);
  assert.deepEqual([...form.entries()], [["to", "+33612345678"], ["text", TRICKY], ["from", "PBX"]]);
  assert.equal(last().headers["content-type"], "application/x-www-form-urlencoded");
});

test("a GET webhook gets the placeholders URL-encoded in its URL and no body", async () => {
  await viaWebhook({ method: "GET", url: `${hook.url}/api?number={phone}&msg={message}` }).send("+33612345678", TRICKY);
  const url = new URL(last().url, hook.url);
  assert.equal(last().method, "GET");
  assert.equal(url.searchParams.get("number"), "+33612345678");
  assert.equal(url.searchParams.get("msg"), TRICKY);
  assert.equal(last().body, "");
});

test("a webhook answering other than 2xx is a 503", async (t) => {
  hook.answer = 500;
  t.after(() => (hook.answer = 200));
  await assert.rejects(viaWebhook({ body: '{"to":"{phone}"}' }).send("+33612345678", "code 1234"), Unavailable);
});

test("a webhook that never answers is given up after sms.timeout_seconds (503)", async (t) => {
  hook.answer = "hang";
  t.after(() => (hook.answer = 200));
  const started = Date.now();
  await assert.rejects(viaWebhook({ body: "{}" }, 1).send("+33612345678", "code 1234"), Unavailable);
  assert.ok(Date.now() - started < 4000);
});

test("a command gets {phone} and {message} as whole arguments, no shell reads them, and SMS_PHONE / SMS_MESSAGE", async () => {
  const out = join(dir, "argv-ok.json");
  await viaCommand([process.execPath, RECORDER, out, "0", "--to", "{phone}", "--text={message}", "{message}"]).send("+33612345678", TRICKY);
  const got = JSON.parse(readFileSync(out, "utf8"));
  assert.deepEqual(got.argv, ["--to", "+33612345678", `--text=${TRICKY}`, TRICKY]);
  assert.deepEqual(got.sms, { SMS_PHONE: "+33612345678", SMS_MESSAGE: TRICKY });
  assert.equal(existsSync(join(dir, "pwned")) || existsSync("pwned"), false, "no shell ran $(touch pwned)");
});

test("a command gets a minimal environment, not the server's (no secrets of ours)", async (t) => {
  process.env.SWITCHBOARD_TEST_SECRET = "do-not-pass";
  t.after(() => delete process.env.SWITCHBOARD_TEST_SECRET);
  const out = join(dir, "argv-env.json");
  await viaCommand([process.execPath, RECORDER, out, "0"]).send("+33612345678", "code 1234");
  const names: string[] = JSON.parse(readFileSync(out, "utf8")).envNames;
  assert.ok(!names.includes("SWITCHBOARD_TEST_SECRET"), names.join(","));
  // Node itself adds NODE_V8_COVERAGE to every child while c8 measures coverage.
  const ours = names.filter((n) => n !== "NODE_V8_COVERAGE");
  assert.ok(ours.every((n) => ["LANG", "PATH", "SMS_MESSAGE", "SMS_PHONE"].includes(n)), names.join(","));
});

test("a command that exits non-zero, is not found or runs too long is a 503", async () => {
  await assert.rejects(viaCommand([process.execPath, RECORDER, join(dir, "argv-fail.json"), "3"]).send("+33612345678", "code"), Unavailable);
  await assert.rejects(viaCommand([join(dir, "no-such-program")]).send("+33612345678", "code"), Unavailable);
  const started = Date.now();
  await assert.rejects(viaCommand([process.execPath, "-e", "setTimeout(() => {}, 60000)"], 1).send("+33612345678", "code"), Unavailable);
  assert.ok(Date.now() - started < 4000);
});

test("with neither a webhook nor a command the send is refused as unavailable and says what to configure", async () => {
  const sender = new SmsSender(() => defaultSmsSettings());
  assert.equal(sender.configured, false);
  await assert.rejects(sender.send("+33612345678", "code"), (err: Error) => err instanceof Unavailable && /sms\.webhook or sms\.command/.test(err.message));
});

test("the SMS settings: webhook or command, not both; a URL, a known content type, a list for the command", () => {
  const check = (s: Partial<SmsSettings>) => {
    const problems: { file: string; message: string }[] = [];
    validateSmsSettings({ ...defaultSmsSettings(), ...s } as SmsSettings, "switchboard.yml", problems);
    return problems.map((p) => p.message);
  };
  assert.deepEqual(check({}), []);
  const webhook = { url: "https://sms.example.com/send", body: '{"to":"{phone}"}' } as WebhookSettings;
  assert.deepEqual(check({ webhook }), []);
  assert.match(check({ webhook, command: ["/bin/true"] }).join(), /not both/);
  assert.match(check({ webhook: { ...webhook, url: "ftp://x" } }).join(), /webhook\.url/);
  assert.match(check({ webhook: { ...webhook, content_type: "text/xml" as "text/plain" } }).join(), /content_type/);
  assert.match(check({ webhook: { ...webhook, method: "GET" } }).join(), /empty for GET/);
  assert.match(check({ command: "send-sms {phone}" as unknown as string[] }).join(), /list of arguments/);
});
