// /api/admin/phone-books — GET: all phone books. POST {label, sources: [source keys]}: a new one.
import type { App } from "../../../core/app.ts";
import { phoneBookView, savePhoneBookFromKeys } from "../../../core/contacts/phone-books.ts";
import { listPhoneBooks } from "../../../db/phone-books.ts";
import { json, readJsonObject } from "../../../lib/http.ts";
import type { Handler } from "../../../lib/router.ts";
import { jsonError } from "../../errors.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (_req, ctx) => json({ phone_books: listPhoneBooks(ctx.app.db).map(phoneBookView) });

export const POST: Handler<App> = async (req, ctx) =>
  json(phoneBookView(savePhoneBookFromKeys(ctx.app.db, undefined, await readJsonObject(req))), 201);
