// switchboard.yml `messages:` — SIP messages sent through a linphone-daemon (FlexiAPI's app.linphone_daemon_unix_pipe).
import type { ConfigProblem } from "../../lib/yaml.ts";

export interface MessagesSettings {
  /** The daemon's UNIX socket (`linphone-daemon --pipe NAME` makes /tmp/NAME); null: /api/messages answers 503. */
  linphone_daemon_socket: string | null;
  /** A message not answered by the daemon within this long (waiting for its turn included) fails. */
  timeout_seconds: number;
}

export const defaultMessagesSettings = (): MessagesSettings => ({ linphone_daemon_socket: null, timeout_seconds: 5 });

export function validateMessagesSettings(m: MessagesSettings, file: string, problems: ConfigProblem[]): void {
  const problem = (message: string) => problems.push({ file, message: `messages.${message}` });
  const socket = m.linphone_daemon_socket;
  if (socket !== null && (typeof socket !== "string" || !socket.startsWith("/"))) problem("linphone_daemon_socket must be the absolute path of the daemon's socket, or null");
  if (!(Number(m.timeout_seconds) > 0)) problem("timeout_seconds must be a number of seconds > 0");
  m.timeout_seconds = Number(m.timeout_seconds);
}
