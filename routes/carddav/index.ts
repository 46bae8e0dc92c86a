// /carddav/ — the CardDAV principal and address-book home (DESIGN §5.3): PROPFIND Depth 0 for discovery, Depth 1
// for the address books the caller may read. Read-only: MKCOL and PROPPATCH are refused.
import type { App } from "../../core/app.ts";
import type { AddressBookReader } from "../../core/carddav/books.ts";
import { propfindHome } from "../../core/carddav/propfind.ts";
import { DAV_COMPLIANCE, HOME_PATH, propfindInput, readOnly } from "../../core/carddav/protocol.ts";
import { readBody } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { multistatusReply } from "../../lib/webdav.ts";
import { davError } from "../errors.ts";

export const renderError = davError;
export const optionsHeaders = DAV_COMPLIANCE;

export const PROPFIND: Handler<App, AddressBookReader> = async (req, ctx) => {
  const { depth, body } = propfindInput(req.headers.depth, await readBody(req));
  return multistatusReply(propfindHome(ctx.app.db, ctx.identity, depth, body));
};

export const MKCOL: Handler<App, AddressBookReader> = () => {
  throw readOnly(HOME_PATH);
};
export const PROPPATCH = MKCOL;
