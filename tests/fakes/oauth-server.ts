// A fake OAuth 2.0 authorization server (authorize page with a consent button, token endpoint with PKCE,
// refresh rotation and revocation) plus the bearer-token check for a fake API, on local HTTP.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export interface FakeOAuthOptions {
  clientId?: string;
  clientSecret?: string;
  /** Registered redirect URIs; empty accepts any. */
  redirectUris?: string[];
  accessTtlSeconds?: number;
  /** Issue a new refresh token on every refresh and invalidate the old one (sipgate does). */
  rotateRefreshTokens?: boolean;
}

interface Grant { clientId: string; redirectUri: string; challenge: string; used: boolean }

export type ApiHandler = (req: IncomingMessage, url: URL, res: ServerResponse) => void | Promise<void>;

const id = () => randomBytes(12).toString("hex");

export class FakeOAuthServer {
  readonly options: Required<FakeOAuthOptions>;
  server!: Server;
  base = "";
  private codes = new Map<string, Grant>();
  private access = new Map<string, number>(); // token → expires (ms)
  private refresh = new Set<string>();
  /** Every token request's form, for assertions (client_secret included, so tests can check what was sent). */
  readonly tokenRequests: URLSearchParams[] = [];
  /** The next N API answers are 503. */
  failApi = 0;
  /** The next N token answers are 503. */
  failToken = 0;
  /** Milliseconds every API answer waits first (slow upstream). */
  apiDelayMs = 0;
  apiRequests = 0;

  constructor(
    private readonly paths: { authorize: string; token: string },
    private readonly api: ApiHandler,
    o: FakeOAuthOptions = {},
  ) {
    this.options = { clientId: "fake-client", clientSecret: "fake-secret", redirectUris: [], accessTtlSeconds: 3600, rotateRefreshTokens: false, ...o };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((err) => {
      res.writeHead(500).end(String(err));
    }));
    await new Promise<void>((ok) => this.server.listen(0, "127.0.0.1", ok));
    const addr = this.server.address();
    this.base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((ok) => this.server.close(() => ok()));
  }

  /** Every issued refresh token stops working (the user revoked the app). */
  revokeAll(): void {
    this.refresh.clear();
    this.access.clear();
  }

  /** Every access token expires now (the next API call gets 401). */
  expireAccessTokens(): void {
    for (const k of this.access.keys()) this.access.set(k, 0);
  }

  /** What the consent button does, for tests without a browser: the URL the browser is sent back to. */
  async consent(authorizeUrl: string, decision: "allow" | "deny" = "allow"): Promise<string> {
    const u = new URL(authorizeUrl);
    u.pathname = this.paths.authorize + "/decide";
    u.searchParams.set("decision", decision);
    const res = await fetch(u, { redirect: "manual" });
    const location = res.headers.get("location");
    if (!location) throw new Error(`the fake authorize endpoint answered ${res.status}: ${await res.text()}`);
    return location;
  }

  private issue(): { access_token: string; refresh_token: string; expires_in: number; token_type: string } {
    const access = `at-${id()}`;
    const refresh = `rt-${id()}`;
    this.access.set(access, Date.now() + this.options.accessTtlSeconds * 1000);
    this.refresh.add(refresh);
    return { access_token: access, refresh_token: refresh, expires_in: this.options.accessTtlSeconds, token_type: "Bearer" };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.base);
    if (url.pathname === this.paths.authorize) return this.authorizePage(url, res);
    if (url.pathname === this.paths.authorize + "/decide") return this.decide(url, res);
    if (url.pathname === this.paths.token && req.method === "POST") return this.token(req, res);
    this.apiRequests++;
    if (this.apiDelayMs) await new Promise((ok) => setTimeout(ok, this.apiDelayMs));
    if (this.failApi > 0) {
      this.failApi--;
      return sendJson(res, 503, { error: { code: "ServiceUnavailable", message: "Try again later" } });
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const expires = token ? this.access.get(token) : undefined;
    if (!expires || expires < Date.now()) return sendJson(res, 401, { error: { code: "InvalidAuthenticationToken", message: "Access token has expired or is not yet valid." } });
    return this.api(req, url, res);
  }

  private authorizeError(url: URL): string | undefined {
    const p = url.searchParams;
    if (p.get("client_id") !== this.options.clientId) return "Unknown client_id.";
    const redirect = p.get("redirect_uri") ?? "";
    if (this.options.redirectUris.length && !this.options.redirectUris.includes(redirect)) return `The redirect URI ${redirect} is not registered.`;
    if (p.get("code_challenge_method") !== "S256" || !p.get("code_challenge")) return "PKCE (S256) is required.";
    if (p.get("response_type") !== "code") return "response_type must be code.";
    return undefined;
  }

  private authorizePage(url: URL, res: ServerResponse): void {
    const problem = this.authorizeError(url);
    if (problem) return sendHtml(res, 400, `<h1>Sign-in error</h1><p>${problem}</p>`);
    const hidden = [...url.searchParams].map(([k, v]) => `<input type="hidden" name="${k}" value="${v.replace(/"/g, "&quot;")}">`).join("");
    sendHtml(res, 200, `<h1>Fake provider</h1><p>Switchboard wants to read your contacts (${url.searchParams.get("scope")}).</p>
      <form method="get" action="${this.paths.authorize}/decide">${hidden}
      <button name="decision" value="allow">Accept</button> <button name="decision" value="deny">Cancel</button></form>`);
  }

  private decide(url: URL, res: ServerResponse): void {
    const problem = this.authorizeError(url);
    if (problem) return sendHtml(res, 400, `<p>${problem}</p>`);
    const p = url.searchParams;
    const back = new URL(p.get("redirect_uri")!);
    back.searchParams.set("state", p.get("state") ?? "");
    if (p.get("decision") === "deny") {
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("error_description", "The user declined.");
    } else {
      const code = `code-${id()}`;
      this.codes.set(code, { clientId: this.options.clientId, redirectUri: p.get("redirect_uri")!, challenge: p.get("code_challenge")!, used: false });
      back.searchParams.set("code", code);
    }
    if (p.get("response_mode") === "form_post") {
      const fields = [...back.searchParams].map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`).join("");
      return sendHtml(res, 200, `<form method="post" action="${back.origin}${back.pathname}">${fields}<button>Continue</button></form>`);
    }
    res.writeHead(302, { Location: back.toString() }).end();
  }

  private async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const form = new URLSearchParams(raw);
    this.tokenRequests.push(form);
    if (this.failToken > 0) {
      this.failToken--;
      return sendJson(res, 503, { message: "down for maintenance" });
    }
    if (form.get("client_id") !== this.options.clientId || form.get("client_secret") !== this.options.clientSecret) {
      return sendJson(res, 401, { error: "invalid_client", error_description: "Invalid client secret provided." });
    }
    if (form.get("grant_type") === "authorization_code") {
      const grant = this.codes.get(form.get("code") ?? "");
      if (!grant || grant.used) return sendJson(res, 400, { error: "invalid_grant", error_description: "The code is unknown or was already used." });
      grant.used = true;
      if (grant.redirectUri !== form.get("redirect_uri")) return sendJson(res, 400, { error: "invalid_grant", error_description: "redirect_uri does not match the authorization request." });
      const challenge = createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url");
      if (challenge !== grant.challenge) return sendJson(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed." });
      return sendJson(res, 200, this.issue());
    }
    if (form.get("grant_type") === "refresh_token") {
      const old = form.get("refresh_token") ?? "";
      if (!this.refresh.has(old)) return sendJson(res, 400, { error: "invalid_grant", error_description: "Token is not active" });
      const issued = this.issue();
      if (this.options.rotateRefreshTokens) {
        this.refresh.delete(old);
        return sendJson(res, 200, issued);
      }
      this.refresh.delete(issued.refresh_token);
      const { refresh_token: _unused, ...rest } = issued;
      return sendJson(res, 200, rest);
    }
    sendJson(res, 400, { error: "unsupported_grant_type" });
  }
}

/** What the fake providers share: an OAuth server on loopback that hands every other request to `api`. */
export abstract class FakeProvider {
  readonly oauth: FakeOAuthServer;

  constructor(paths: { authorize: string; token: string }, o: FakeOAuthOptions = {}) {
    this.oauth = new FakeOAuthServer(paths, (req, url, res) => this.api(req, url, res), o);
  }

  protected abstract api(req: IncomingMessage, url: URL, res: ServerResponse): void | Promise<void>;

  async start(): Promise<this> {
    await this.oauth.start();
    return this;
  }

  close(): Promise<void> {
    return this.oauth.close();
  }

  get base(): string {
    return this.oauth.base;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html><html><body>${body}</body></html>`);
}
