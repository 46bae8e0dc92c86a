// The mail sender against a real SMTP conversation (tests/fakes/smtp.ts): what arrives, AUTH, and every way a send
// fails — no server configured, nothing listening, a server that refuses, a server that hangs — is a 503
// (Unavailable), never a quiet success.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { defaultMailSettings, validateMailSettings, type MailSettings } from "../../core/config/confirmation-settings.ts";
import { MailSender } from "../../core/messaging/mail-sender.ts";
import { Unavailable } from "../../lib/errors.ts";
import { closedPort, startSilentServer, startSmtpSink, type SmtpSink } from "../fakes/smtp.ts";

let sink: SmtpSink;

before(async () => {
  sink = await startSmtpSink();
});
after(() => sink.close());

function settings(over: Partial<MailSettings["smtp"]> = {}, timeout_seconds = 5): MailSettings {
  const s = defaultMailSettings();
  return { ...s, from: "Switchboard <noreply@pbx.example.com>", timeout_seconds, smtp: { ...s.smtp, host: sink.host, port: sink.port, ...over } };
}

const mail = { to: "alice@example.com", subject: "Hello there", text: "Line one\nThe code: 1234" };

test("a mail reaches the SMTP server with its envelope, From, To, subject and text", async (t) => {
  const sender = new MailSender(() => settings());
  t.after(() => sender.close());
  await sender.send(mail);
  const got = await sink.nextMail();
  assert.equal(got.envelopeFrom, "noreply@pbx.example.com");
  assert.deepEqual(got.envelopeTo, ["alice@example.com"]);
  assert.equal(got.headers.get("from"), "Switchboard <noreply@pbx.example.com>");
  assert.equal(got.headers.get("to"), "alice@example.com");
  assert.equal(got.subject, "Hello there");
  assert.equal(got.text, "Line one\nThe code: 1234");
  assert.match(got.headers.get("content-type")!, /^text\/plain/);
});

test("an address with a comma is one recipient, quoted, not a list that reaches someone else", async (t) => {
  const sender = new MailSender(() => settings());
  t.after(() => sender.close());
  await sender.send({ ...mail, to: "a,b@example.com" });
  assert.deepEqual((await sink.nextMail()).envelopeTo, ['"a,b"@example.com']);
});

test("with a user and password the sender signs in (AUTH) before sending", async (t) => {
  const secured = await startSmtpSink({ user: "mailer", password: "s3cret" });
  t.after(() => secured.close());
  const sender = new MailSender(() => settings({ port: secured.port, user: "mailer", password: "s3cret" }));
  t.after(() => sender.close());
  await sender.send(mail);
  assert.equal((await secured.nextMail()).user, "mailer");
});

test("a wrong SMTP password is a 503, and the password is in no error message", async (t) => {
  const secured = await startSmtpSink({ user: "mailer", password: "s3cret" });
  t.after(() => secured.close());
  const sender = new MailSender(() => settings({ port: secured.port, user: "mailer", password: "wrong-pass" }));
  t.after(() => sender.close());
  await assert.rejects(sender.send(mail), (err: Error) => err instanceof Unavailable && !err.message.includes("wrong-pass"));
  assert.equal(secured.mails.length, 0);
});

test("without an SMTP host nothing is sent: the send is refused as unavailable and says what to configure", async () => {
  const sender = new MailSender(() => defaultMailSettings());
  assert.equal(sender.configured, false);
  await assert.rejects(sender.send(mail), (err: Error) => err instanceof Unavailable && /mail\.smtp\.host/.test(err.message));
});

test("nothing listening on the SMTP port is a 503", async (t) => {
  const port = await closedPort();
  const sender = new MailSender(() => settings({ port }));
  t.after(() => sender.close());
  await assert.rejects(sender.send(mail), Unavailable);
});

test("a server that refuses the recipient (451) is a 503", async (t) => {
  sink.mode = "refuse";
  t.after(() => (sink.mode = "accept"));
  const before = sink.mails.length;
  const sender = new MailSender(() => settings());
  t.after(() => sender.close());
  await assert.rejects(sender.send(mail), Unavailable);
  assert.equal(sink.mails.length, before);
});

test("a server that never greets is given up after mail.timeout_seconds (503)", async (t) => {
  const silent = await startSilentServer();
  t.after(() => silent.close());
  const sender = new MailSender(() => settings({ port: silent.port }, 1));
  t.after(() => sender.close());
  const started = Date.now();
  await assert.rejects(sender.send(mail), Unavailable);
  const took = Date.now() - started;
  assert.ok(took >= 900 && took < 4000, `gave up after ${took} ms`);
});

test("a reloaded mail section is used for the next mail (a new transport)", async (t) => {
  const other = await startSmtpSink();
  t.after(() => other.close());
  let current = settings();
  const sender = new MailSender(() => current);
  t.after(() => sender.close());
  await sender.send(mail);
  await sink.nextMail();
  current = settings({ port: other.port });
  await sender.send({ ...mail, subject: "second" });
  assert.equal((await other.nextMail()).subject, "second");
});

test("a closed sender (the server stopping) refuses to send", async () => {
  const sender = new MailSender(() => settings());
  sender.close();
  await assert.rejects(sender.send(mail), Unavailable);
});

test("the mail settings: from is required with a host; port, secure and the timeout are checked", () => {
  const problems: { file: string; message: string }[] = [];
  const checked = validateMailSettings({ ...defaultMailSettings(), smtp: { host: "smtp.example.com", port: 70000, secure: "yes" as unknown as boolean, user: "", password: "" }, from: "nobody", timeout_seconds: 0 }, "switchboard.yml", problems);
  assert.deepEqual(problems.map((p) => p.message.split(" ")[0]).sort(), ["mail.from", "mail.smtp.port", "mail.smtp.secure", "mail.timeout_seconds"]);
  assert.equal(checked.smtp.host, "smtp.example.com");
  const none: typeof problems = [];
  validateMailSettings(null as unknown as MailSettings, "switchboard.yml", none);
  assert.match(none[0].message, /^mail must be a map/);
});
