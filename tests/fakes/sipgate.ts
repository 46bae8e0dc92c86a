// A fake sipgate: OAuth (Keycloak realm third-party, rotating refresh tokens), /v2/authorization/userinfo and
// /v2/contacts paged with offset/limit (at most `maxLimit` items per page, whatever the client asks).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SipgateContact } from "../../core/contacts/providers/sipgate.ts";
import { FakeProvider, sendJson, type FakeOAuthOptions } from "./oauth-server.ts";

const REALM = "/auth/realms/third-party/protocol/openid-connect";

export class FakeSipgate extends FakeProvider {
  contacts: SipgateContact[] = [];
  maxLimit = 100;
  userinfo = { sub: "w0", domain: "sipgate.de", masterSipId: "1234567", locale: "de_DE" };

  constructor(o: FakeOAuthOptions = {}) {
    super({ authorize: `${REALM}/auth`, token: `${REALM}/token` }, { rotateRefreshTokens: true, ...o });
  }

  providerYaml(): string {
    const o = this.oauth.options;
    return `    sipgate: {client_id: "${o.clientId}", client_secret: "${o.clientSecret}", ` +
      `authorize_url: "${this.base}${REALM}/auth", token_url: "${this.base}${REALM}/token", api_url: "${this.base}/v2"}\n`;
  }

  protected api(_req: IncomingMessage, url: URL, res: ServerResponse): void {
    if (url.pathname === "/v2/authorization/userinfo") return sendJson(res, 200, this.userinfo);
    if (url.pathname === "/v2/contacts") {
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const limit = Math.min(Number(url.searchParams.get("limit") ?? 50), this.maxLimit);
      return sendJson(res, 200, { items: this.contacts.slice(offset, offset + limit), totalCount: this.contacts.length });
    }
    sendJson(res, 404, { message: "not found" });
  }
}
