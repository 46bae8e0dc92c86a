// A fake Microsoft identity platform + Graph: OAuth v2 under /{tenant}/oauth2/v2.0/, and /v1.0/me, contact
// folders and contact delta rounds (@odata.nextLink pages, @odata.deltaLink, @removed rows, 410 when a delta
// token has expired).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GraphContact } from "../../core/contacts/providers/graph.ts";
import { FakeProvider, sendJson, type FakeOAuthOptions } from "./oauth-server.ts";

interface Change { version: number; folder: string; id: string; removed: boolean }

export class FakeMicrosoft extends FakeProvider {
  /** folder id ("" = the default folder) → contacts by id */
  readonly folders = new Map<string, Map<string, GraphContact>>([["", new Map()]]);
  pageSize = 100;
  me = { id: "user-1", displayName: "Ada Admin", mail: "ada@example.com", userPrincipalName: "ada@example.com" };
  private version = 0;
  private changes: Change[] = [];
  private oldestValidDelta = 0;
  deltaRequests = 0;
  /** Answer 400 to delta requests, as a Graph that does not offer them would. */
  noDelta = false;

  constructor(o: FakeOAuthOptions = {}) {
    super({ authorize: "/common/oauth2/v2.0/authorize", token: "/common/oauth2/v2.0/token" }, o);
  }

  /** switchboard.yml lines for contacts.providers.microsoft pointing here. */
  providerYaml(): string {
    const o = this.oauth.options;
    return `    microsoft: {client_id: "${o.clientId}", client_secret: "${o.clientSecret}", tenant: common, ` +
      `authorize_url: "${this.base}/{tenant}/oauth2/v2.0/authorize", token_url: "${this.base}/{tenant}/oauth2/v2.0/token", api_url: "${this.base}/v1.0"}\n`;
  }

  put(folder: string, c: GraphContact): void {
    if (!this.folders.has(folder)) this.folders.set(folder, new Map());
    this.folders.get(folder)!.set(c.id, c);
    this.changes.push({ version: ++this.version, folder, id: c.id, removed: false });
  }

  remove(folder: string, id: string): void {
    this.folders.get(folder)?.delete(id);
    this.changes.push({ version: ++this.version, folder, id, removed: true });
  }

  /** Every delta token handed out so far answers 410 from now on. */
  expireDeltaTokens(): void {
    this.oldestValidDelta = this.version + 1;
  }

  protected api(_req: IncomingMessage, url: URL, res: ServerResponse): void {
    const path = url.pathname;
    if (path === "/v1.0/me") return sendJson(res, 200, this.me);
    if (path === "/v1.0/me/contactFolders") {
      return sendJson(res, 200, { value: [...this.folders.keys()].filter(Boolean).map((id) => ({ id, displayName: `Folder ${id}` })) });
    }
    const m = /^\/v1\.0\/me(?:\/contactFolders\/([^/]+))?\/contacts(\/delta)?$/.exec(path);
    if (m && m[2] && this.noDelta) return sendJson(res, 400, { error: { code: "BadRequest", message: "Unsupported segment type." } });
    if (m && m[2]) return this.delta(url, decodeURIComponent(m[1] ?? ""), res);
    if (m) return this.list(url, decodeURIComponent(m[1] ?? ""), res);
    sendJson(res, 404, { error: { code: "ResourceNotFound", message: `no ${path}` } });
  }

  private delta(url: URL, folder: string, res: ServerResponse): void {
    this.deltaRequests++;
    const contacts = this.folders.get(folder);
    if (!contacts) return sendJson(res, 404, { error: { code: "ErrorItemNotFound", message: "folder not found" } });
    const skip = url.searchParams.get("$skiptoken");
    const deltaToken = url.searchParams.get("$deltatoken");
    // A round is a list of rows fixed at its start: [since version, offset] travel in the skip token.
    let since = -1;
    let offset = 0;
    if (skip) [since, offset] = skip.split(".").map(Number);
    else if (deltaToken) {
      since = Number(deltaToken);
      if (since < this.oldestValidDelta) return sendJson(res, 410, { error: { code: "SyncStateNotFound", message: "The sync state generation is not found." } });
    }
    const rows: GraphContact[] = since < 0 ? [...contacts.values()] : this.changedSince(folder, since);
    const page = rows.slice(offset, offset + this.pageSize);
    const here = `${this.base}${url.pathname}`;
    const body: Record<string, unknown> = { value: page };
    if (offset + this.pageSize < rows.length) body["@odata.nextLink"] = `${here}?$skiptoken=${since}.${offset + this.pageSize}`;
    else body["@odata.deltaLink"] = `${here}?$deltatoken=${since < 0 ? this.version : Math.max(since, this.version)}`;
    sendJson(res, 200, body);
  }

  /** The plain list endpoints, paged with $skip in @odata.nextLink. */
  private list(url: URL, folder: string, res: ServerResponse): void {
    const contacts = [...(this.folders.get(folder)?.values() ?? [])];
    const skip = Number(url.searchParams.get("$skip") ?? 0);
    const body: Record<string, unknown> = { value: contacts.slice(skip, skip + this.pageSize) };
    if (skip + this.pageSize < contacts.length) body["@odata.nextLink"] = `${this.base}${url.pathname}?$skip=${skip + this.pageSize}`;
    sendJson(res, 200, body);
  }

  private changedSince(folder: string, since: number): GraphContact[] {
    const latest = new Map<string, Change>();
    for (const c of this.changes) if (c.version > since && c.folder === folder) latest.set(c.id, c);
    return [...latest.values()].map((c) => (c.removed ? { id: c.id, "@removed": { reason: "deleted" } } : this.folders.get(folder)!.get(c.id)!));
  }
}
