// /carddav/<key>/ — one phone-book key's address book (DESIGN §5.3): PROPFIND Depth 0/1, REPORT addressbook-multiget,
// addressbook-query and sync-collection. Read-only: DELETE, MKCOL and PROPPATCH are refused.
import type { App } from "../../../core/app.ts";
import type { AddressBookReader } from "../../../core/carddav/books.ts";
import { propfindBook } from "../../../core/carddav/propfind.ts";
import { bookPath, DAV_COMPLIANCE, parseRequestBody, propfindInput, readOnly, REQUEST_BODY_LIMIT } from "../../../core/carddav/protocol.ts";
import { report } from "../../../core/carddav/reports.ts";
import { readBody } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { multistatusReply } from "../../../lib/webdav.ts";
import { davError } from "../../errors.ts";

export const renderError = davError;
export const optionsHeaders = DAV_COMPLIANCE;

export const PROPFIND: Handler<App, AddressBookReader> = async (req, ctx) => {
  const { depth, body } = propfindInput(req.headers.depth, await readBody(req));
  return multistatusReply(propfindBook(ctx.app.db, ctx.identity, ctx.params.key, depth, body));
};

export const REPORT: Handler<App, AddressBookReader> = async (req, ctx) => {
  const body = parseRequestBody(await readBody(req, REQUEST_BODY_LIMIT));
  return multistatusReply(report(ctx.app.db, ctx.identity, ctx.params.key, body));
};

export const DELETE: Handler<App, AddressBookReader> = (_req, ctx) => {
  throw readOnly(bookPath(ctx.params.key));
};
export const MKCOL = DELETE;
export const PROPPATCH = DELETE;
