// /carddav/<key>/<uid>.vcf — one contact as a vCard 3.0 (DESIGN §5.3), with its ETag (304 for a matching
// If-None-Match); PROPFIND for its properties. Read-only: PUT, DELETE and PROPPATCH are refused.
import type { App } from "../../../core/app.ts";
import type { AddressBookReader } from "../../../core/carddav/books.ts";
import { getCard } from "../../../core/carddav/cards.ts";
import { propfindCard } from "../../../core/carddav/propfind.ts";
import { cardPath, DAV_COMPLIANCE, parseRequestBody, readOnly } from "../../../core/carddav/protocol.ts";
import { readBody, reply } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { multistatusReply } from "../../../lib/webdav.ts";
import { davError } from "../../errors.ts";

export const renderError = davError;
export const optionsHeaders = DAV_COMPLIANCE;

export const GET: Handler<App, AddressBookReader> = (req, ctx) => {
  const card = getCard(ctx.app.db, ctx.identity, ctx.params.key, ctx.params.uid);
  const headers = { ETag: card.etag, "Last-Modified": card.lastModified, "Cache-Control": "private, no-cache" };
  const ifNoneMatch = String(req.headers["if-none-match"] ?? "").slice(0, 1024);
  if (ifNoneMatch.split(",").some((t) => ["*", card.etag].includes(t.trim().replace(/^W\//, "")))) return { status: 304, body: "", headers };
  return reply(200, card.vcard, "text/vcard; charset=utf-8", headers);
};

export const PROPFIND: Handler<App, AddressBookReader> = async (req, ctx) => {
  const body = parseRequestBody(await readBody(req));
  return multistatusReply(propfindCard(ctx.app.db, ctx.identity, ctx.params.key, ctx.params.uid, body));
};

export const PUT: Handler<App, AddressBookReader> = (_req, ctx) => {
  throw readOnly(cardPath(ctx.params.key, ctx.params.uid));
};
export const DELETE = PUT;
export const PROPPATCH = PUT;
