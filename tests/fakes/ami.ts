// An Asterisk manager (AMI) over real TCP, speaking its line protocol: the banner, Action: Login (Response:
// Success, or Error with "Authentication failed"), Action: PJSIPNotify (Endpoint, Variable; Error for an endpoint
// it does not know), Action: Logoff. It sends an unrelated Event before each answer, as a busy Asterisk does.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface FakeAmi {
  port: number;
  /** Every PJSIPNotify received: its fields (lower-case names). */
  notifies: Record<string, string>[];
  logins: { username: string; ok: boolean }[];
  close(): Promise<void>;
}

export async function startFakeAmi(username: string, secret: string, endpoints: string[]): Promise<FakeAmi> {
  const notifies: FakeAmi["notifies"] = [];
  const logins: FakeAmi["logins"] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.write("Asterisk Call Manager/5.0.1\r\n");
    let loggedIn = false;
    let buffer = "";
    const answer = (id: string, lines: string[]) => {
      socket.write("Event: PeerStatus\r\nPrivilege: system,all\r\nPeerStatus: Reachable\r\n\r\n");
      socket.write([`Response: ${lines[0]}`, `ActionID: ${id}`, ...lines.slice(1)].join("\r\n") + "\r\n\r\n");
    };
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (let end = buffer.indexOf("\r\n\r\n"); end >= 0; end = buffer.indexOf("\r\n\r\n")) {
        const fields: Record<string, string> = {};
        for (const line of buffer.slice(0, end).split("\r\n")) {
          const m = /^([^:]+):\s*(.*)$/.exec(line);
          if (m) fields[m[1].toLowerCase()] = m[2];
        }
        buffer = buffer.slice(end + 4);
        const id = fields.actionid ?? "";
        const action = (fields.action ?? "").toLowerCase();
        if (action === "login") {
          loggedIn = fields.username === username && fields.secret === secret;
          logins.push({ username: fields.username, ok: loggedIn });
          answer(id, loggedIn ? ["Success", "Message: Authentication accepted"] : ["Error", "Message: Authentication failed"]);
        } else if (action === "logoff") {
          answer(id, ["Goodbye", "Message: Thanks for all the fish."]);
          socket.end();
        } else if (!loggedIn) {
          answer(id, ["Error", "Message: Permission denied"]);
        } else if (action === "pjsipnotify") {
          notifies.push(fields);
          answer(id, endpoints.includes(fields.endpoint) ? ["Success", "Message: NOTIFY sent"] : ["Error", `Message: Unable to retrieve endpoint ${fields.endpoint}`]);
        } else {
          answer(id, ["Error", "Message: Invalid/unknown command"]);
        }
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    port: (server.address() as AddressInfo).port,
    notifies,
    logins,
    close: () => new Promise<void>((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    }),
  };
}
