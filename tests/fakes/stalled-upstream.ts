// Upstreams that fail by not finishing: one accepts the connection and never says a word (a hung service, a
// firewall that swallows packets after the handshake), one answers at once but sends its body a byte at a time
// forever (an overloaded proxy). Anything that talks to them must give up on its own timeout.
import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";

export interface StalledUpstream {
  /** host:port */
  host: string;
  url: string;
  /** Connections accepted so far. */
  connections: () => number;
  close(): Promise<void>;
}

async function serve(server: Server, sockets: Set<Socket>): Promise<StalledUpstream> {
  let accepted = 0;
  server.on("connection", (s: Socket) => {
    accepted++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}`,
    connections: () => accepted,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** Accepts every connection, reads what comes, sends nothing. */
export function startSilentUpstream(): Promise<StalledUpstream> {
  const sockets = new Set<Socket>();
  return serve(createServer((s) => s.resume()), sockets);
}

/** Answers 200 at once, then one byte of body every `everyMs`, never ending. */
export function startTricklingUpstream(everyMs = 100): Promise<StalledUpstream> {
  const sockets = new Set<Socket>();
  const server = createHttpServer((req, res) => {
    req.resume();
    res.writeHead(200, { "Content-Type": "text/xml" });
    const timer = setInterval(() => res.write("<"), everyMs);
    res.on("close", () => clearInterval(timer));
  });
  return serve(server as unknown as Server, sockets);
}
