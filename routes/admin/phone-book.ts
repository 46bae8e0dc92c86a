// /api/admin/phone-books/:key — PUT {label, sources}: replace. DELETE: remove the book (its sources stay).
import type { App } from "../../core/app.ts";
import { deletePhoneBook } from "../../db/phone-books.ts";
import { HttpError, json } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";
import { adminChange } from "./guard.ts";
import { save, view } from "./phone-book-body.ts";

export const renderError = jsonError;

export const PUT: Handler<App> = async (req, ctx) => {
  const body = await adminChange<{ label: string; sources: string[] }>(req, ctx);
  return json(view(save(ctx.app, ctx.params.key, body)));
};

export const DELETE: Handler<App> = async (req, ctx) => {
  await adminChange(req, ctx);
  if (!deletePhoneBook(ctx.app.db, ctx.params.key)) throw new HttpError(404, "There is no phone book with this key.");
  return json({ deleted: ctx.params.key });
};
