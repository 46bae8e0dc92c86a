// /api/admin/phone-books — GET: all phone books. POST {label, sources: [source keys]}: a new one.
import type { App } from "../../core/app.ts";
import { listPhoneBooks } from "../../db/phone-books.ts";
import { json } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { jsonError } from "../errors.ts";
import { adminChange, requireAdmin } from "./guard.ts";
import { save, view } from "./phone-book-body.ts";

export const renderError = jsonError;

export const GET: Handler<App> = (req, ctx) => {
  requireAdmin(req, ctx);
  return json({ phone_books: listPhoneBooks(ctx.app.db).map(view) });
};

export const POST: Handler<App> = async (req, ctx) => {
  const body = await adminChange<{ label: string; sources: string[] }>(req, ctx);
  return json(view(save(ctx.app, undefined, body)), 201);
};
