// /api/admin/phone-books/<key> — PUT {label, sources}: replace. DELETE: remove the book (its sources stay).
import type { App } from "../../../../core/app.ts";
import { phoneBookView, savePhoneBookFromKeys } from "../../../../core/contacts/phone-books.ts";
import { deletePhoneBook } from "../../../../db/phone-books.ts";
import { NotFound } from "../../../../lib/errors.ts";
import { json, readJsonObject } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { jsonError } from "../../../errors.ts";

export const renderError = jsonError;

export const PUT: Handler<App> = async (req, ctx) =>
  json(phoneBookView(savePhoneBookFromKeys(ctx.app.db, ctx.params.key, await readJsonObject(req))));

export const DELETE: Handler<App> = (_req, ctx) => {
  if (!deletePhoneBook(ctx.app.db, ctx.params.key)) throw new NotFound("There is no phone book with this key.");
  return json({ deleted: ctx.params.key });
};
