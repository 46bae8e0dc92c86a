// GET /api/ping — FlexiAPI's liveness answer: the text "pong".
import type { App } from "../../core/app.ts";
import { text } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";

export const renderError = apiError;

export const GET: Handler<App> = () => text("pong");
