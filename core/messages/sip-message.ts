// POST /api/messages (FlexiAPI's MessageController): an admin sends a SIP MESSAGE through a linphone-daemon. The
// daemon takes `message sip:<to> <text>` on its UNIX socket and answers "Status: Ok" with the message's "Id", or
// "Status: Error" with a "Reason" (its own address check: "Bad sip uri.").
import { isIPv4, isIPv6 } from "node:net";
import { Invalid, Unavailable, UpstreamFailed } from "../../lib/errors.ts";
import { DaemonError, type LinphoneDaemonClient } from "../../lib/linphone-daemon.ts";
import { FieldErrors, requiredString } from "../accounts/rules.ts";
import type { MessagesSettings } from "../config/messages-settings.ts";

/** A message is one line of the daemon's protocol; this keeps the line well within the daemon's 32 KB read. */
export const MAX_MESSAGE_LENGTH = 4000;

const SIP_USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** `user@host[:port]` as a SIP URI holds it without the `sip:` (RFC 3261 user characters; a name, IPv4 or [IPv6]). */
export function isSipAddress(address: string): boolean {
  if (address.length > 512) return false;
  const at = address.indexOf("@");
  if (at <= 0 || !SIP_USER.test(address.slice(0, at))) return false;
  const hostPort = address.slice(at + 1);
  const close = hostPort.startsWith("[") ? hostPort.indexOf("]") : -1;
  const colon = hostPort.indexOf(":", close + 1);
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  if (colon >= 0 && !/^\d{1,5}$/.test(hostPort.slice(colon + 1))) return false;
  if (host.startsWith("[")) return host.endsWith("]") && isIPv6(host.slice(1, -1));
  if (isIPv4(host)) return true;
  const labels = host.replace(/\.$/, "").split(".");
  return labels.every((l) => HOST_LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1]);
}

function checkMessage(body: Record<string, unknown>): { to: string; text: string } {
  const errors = new FieldErrors();
  const to = requiredString(body, "to", errors);
  if (to !== undefined && !isSipAddress(to)) errors.add("to", "The to must be a SIP address like user@sip.example.com.");
  const text = requiredString(body, "body", errors);
  // Tabs are text; any other control character (a line end above all) would end or split the daemon's command.
  if (text !== undefined && (text.length > MAX_MESSAGE_LENGTH || /[^\P{Cc}\t]/u.test(text))) {
    errors.add("body", `The body must be one line of text of at most ${MAX_MESSAGE_LENGTH} characters.`);
  }
  errors.check();
  return { to: to!, text: text! };
}

/** Sends the message; its id as the daemon gave it. */
export async function sendSipMessage(daemon: LinphoneDaemonClient, s: MessagesSettings, body: Record<string, unknown>): Promise<{ id: string }> {
  if (!s.linphone_daemon_socket) throw new Unavailable("SIP messages are not configured on this server (messages.linphone_daemon_socket).");
  const { to, text } = checkMessage(body);
  const answer = await daemon.send({
    socketPath: s.linphone_daemon_socket,
    line: `message sip:${to} ${text}`,
    timeoutMs: s.timeout_seconds * 1000,
    complete: (f) => (f.get("Status") === "Ok" ? f.has("Id") : f.has("Reason")),
  }).catch((err: unknown) => {
    if (!(err instanceof DaemonError)) throw err;
    throw err.failure === "unreachable" || err.failure === "busy" ? new Unavailable(err.message) : new UpstreamFailed(err.message);
  });
  const status = answer.get("Status");
  const reason = answer.get("Reason") || "The linphone daemon refused the message.";
  // FlexiAPI throws the daemon's reason as a validation message without a field: Laravel lists it under "0".
  if (status === "Error") throw new Invalid(reason, { 0: [reason] });
  const id = answer.get("Id");
  if (status === "Ok" && id !== undefined) return { id };
  throw new UpstreamFailed("The linphone daemon's answer could not be read.");
}
