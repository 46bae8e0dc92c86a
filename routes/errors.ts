// How a route module's errors look (DESIGN §6): phones get CiscoIPPhoneText, people a page, APIs JSON. Each
// module exports one of these as `renderError`; the dispatcher has already chosen the status.
import { ciscoText } from "../core/cisco/objects.ts";
import { renderErrorPage } from "../core/pages/error-page.ts";
import { jsonError as jsonErrorReply } from "../lib/dispatch.ts";
import { DavPrecondition, PREFIXES, SWITCHBOARD_NS } from "../core/carddav/protocol.ts";
import { Invalid } from "../lib/errors.ts";
import { html, json, reply, xml } from "../lib/http.ts";
import { davErrorBody, DAV_CONTENT_TYPE } from "../lib/webdav.ts";
import type { ErrorRenderer } from "../lib/router.ts";

export const jsonError: ErrorRenderer = jsonErrorReply;

export const phoneError: ErrorRenderer = (status, message) => xml(ciscoText("Switchboard", message), status);

/** A page; a domain error's title and hint (what to do) are shown when it has them. */
export const pageError: ErrorRenderer = (status, message, problem) =>
  html(renderErrorPage({
    title: problem?.title ?? (status === 404 ? "Not found" : "Something went wrong"),
    message,
    hint: problem?.hint,
  }), status, { "Cache-Control": "no-store" });

/** Connecting a contact source: the page says what to do and links back to where the connect started. */
export const connectError: ErrorRenderer = (status, message, problem) =>
  html(renderErrorPage({
    title: problem?.title ?? "The connect failed",
    message,
    hint: problem?.hint,
    links: [{ href: "/contact-sources", text: "Contact sources" }, { href: "/", text: "Overview" }],
  }), status, { "Cache-Control": "no-store" });

/** The FlexiAPI-compatible API answers as Laravel does: {message} and, for 422, {errors: {field: [messages]}}. */
export const apiError: ErrorRenderer = (status, message, problem) =>
  json(problem instanceof Invalid && Object.keys(problem.fields).length ? { message, errors: problem.fields } : { message }, status);

/** CardDAV: a DAV <error> body, naming the precondition when one failed (valid-sync-token, need-privileges, …). */
export const davError: ErrorRenderer = (status, message, problem) =>
  reply(status, davErrorBody(PREFIXES, problem instanceof DavPrecondition ? problem.condition : undefined, { ns: SWITCHBOARD_NS, text: message }), DAV_CONTENT_TYPE);
