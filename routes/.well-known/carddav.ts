// /.well-known/carddav (RFC 6764) → 301 /carddav/, where clients find the principal and the address books.
import type { App } from "../../core/app.ts";
import { HOME_PATH } from "../../core/carddav/protocol.ts";
import { redirect } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { davError } from "../errors.ts";

export const renderError = davError;

export const GET: Handler<App, null> = () => redirect(HOME_PATH, 301);
export const PROPFIND = GET;
