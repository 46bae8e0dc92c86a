// An HTTP server that defends itself: a client that is slow to send its headers, stalls its body or sits idle on a
// kept-alive connection is disconnected, and connections are capped per client address and in total — beyond a
// cap the connection is answered 503 with Retry-After at once, before its request is read (over HTTPS it is
// closed: nothing readable can be said before the handshake).
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer, type ServerOptions as HttpsOptions } from "node:https";
import type { Socket } from "node:net";
import { normalizeIp } from "./ip.ts";
import { log } from "./log.ts";

export interface ServerLimits {
  /** A connection must have sent its request's headers within this time (from its first byte, or from connecting). */
  headersTimeoutMs: number;
  /** The whole request, headers and body, must have arrived within this time. */
  requestTimeoutMs: number;
  /** A kept-alive connection with no request in flight is closed after this time. */
  keepAliveTimeoutMs: number;
  /** A connection on which nothing moves for this long is closed: a stalled request body, a reader that stopped. */
  bodyIdleTimeoutMs: number;
  /** Open connections one client address may hold at once (trusted proxies excepted). */
  maxConnectionsPerAddress: number;
  /** Open connections in total. */
  maxConnections: number;
}

/** The defaults (README "Security"): generous for phones and browsers on a LAN, short for a client that stalls. */
export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  bodyIdleTimeoutMs: 30_000,
  maxConnectionsPerAddress: 100,
  maxConnections: 2_000,
};

/** How long a client refused for too many connections is asked to wait. */
const RETRY_AFTER_SECONDS = 10;
/** A refused connection is kept this long after its 503, so the client reads it before the connection goes. */
const REFUSED_LINGER_MS = 1_000;

export interface LimitedServerOptions {
  /** Addresses held only to the total cap: a trusted proxy carries many clients on its connections. */
  exempt?: (address: string) => boolean;
}

// Node checks both timeouts on this interval (30 s by default, which would quadruple a 10 s headers timeout).
const checkingIntervalOf = (limits: ServerLimits) => Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));
const timeoutsOf = (limits: ServerLimits) => ({ headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: checkingIntervalOf(limits) });

export function createLimitedServer(handler: RequestListener, limits: ServerLimits, o: LimitedServerOptions = {}): Server {
  return limit(createServer(timeoutsOf(limits)), handler, limits, o, false);
}

/** The same over HTTPS; a TLS handshake must be done within the time the headers have. */
export function createLimitedHttpsServer(handler: RequestListener, limits: ServerLimits, tls: HttpsOptions, o: LimitedServerOptions = {}): HttpsServer {
  return limit(createHttpsServer({ ...tls, ...timeoutsOf(limits), handshakeTimeout: limits.headersTimeoutMs }), handler, limits, o, true);
}

function limit<S extends Server | HttpsServer>(server: S, handler: RequestListener, limits: ServerLimits, o: LimitedServerOptions, encrypted: boolean): S {
  const checkingInterval = checkingIntervalOf(limits);
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // The inactivity timeout of every connection: Node applies it again after each kept-alive wait.
  server.timeout = limits.bodyIdleTimeoutMs;

  const perAddress = new Map<string, number>();
  let open = 0;
  const refused = new WeakSet<Socket>();
  const inFlight = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse }>();

  server.on("connection", (socket: Socket) => {
    const address = normalizeIp(socket.remoteAddress ?? "");
    const exempt = o.exempt?.(address) ?? false;
    const mine = perAddress.get(address) ?? 0;
    if (open >= limits.maxConnections) return refuse(socket, `The server is handling as many connections as it takes (${limits.maxConnections}); try again in a few seconds.`);
    if (!exempt && mine >= limits.maxConnectionsPerAddress) return refuse(socket, `Too many connections from your address (${limits.maxConnectionsPerAddress} at once); close some and try again.`);
    open++;
    perAddress.set(address, mine + 1);
    socket.once("close", () => {
      open--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
    // A connection that sends nothing at all waits as long as slow headers would (which Node answers 408 first).
    socket.setTimeout(limits.headersTimeoutMs + 2 * checkingInterval);
  });

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (refused.has(req.socket)) return;
    // A kept-alive connection's next request finds the timeout Node set back to server.timeout: re-arming it would
    // cost a new timer per request.
    if (req.socket.timeout !== limits.bodyIdleTimeoutMs) req.socket.setTimeout(limits.bodyIdleTimeoutMs);
    // Kept until the connection's next request (or its end): a finished answer has its headers sent, which the
    // timeout below reads as "not working on it".
    inFlight.set(req.socket, { req, res });
    handler(req, res);
  });

  // Nothing moved on a connection for a while (Node destroys nothing itself once this listener exists).
  server.on("timeout", (socket: Socket) => {
    const current = inFlight.get(socket);
    // The request is in and its answer not begun: the server is still working on it, the client is waiting.
    if (current && current.req.complete && !current.res.headersSent) return;
    if (current && !current.req.complete) log.info(`${normalizeIp(socket.remoteAddress ?? "")} stalled its request body (${current.req.method} ${current.req.url?.slice(0, 100)}) for ${limits.bodyIdleTimeoutMs / 1000} s; disconnected`);
    socket.destroy();
  });

  function refuse(socket: Socket, sentence: string): void {
    refused.add(socket);
    if (encrypted) {
      socket.destroy();
      return;
    }
    const body = `${sentence}\n`;
    socket.end(
      `HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${RETRY_AFTER_SECONDS}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    const linger = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
    linger.unref();
    socket.once("close", () => clearTimeout(linger));
  }

  return server;
}
