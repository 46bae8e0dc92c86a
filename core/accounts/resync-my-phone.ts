// "Resync my phone" on the self-service page: an account asks one of its own desk phones (core/accounts/my-phones.ts)
// to fetch its profile now — the admin's resync job (core/fleet/jobs.ts) for that one phone, awaited (bounded by
// resync.timeout_seconds), audited with the account's address as who. A phone is asked at most once per
// RESYNC_COOLDOWN_SECONDS from self-service, so nobody can keep a phone busy re-fetching.
import type { Account } from "../../db/accounts.ts";
import { NotFound, TooManyAttempts } from "../../lib/errors.ts";
import type { App } from "../app.ts";
import { phonesOf } from "./my-phones.ts";

export const RESYNC_COOLDOWN_SECONDS = 30;

export interface ResyncOutcome {
  phone: string;
  ok: boolean;
  /** What the phone said when it refused or could not be reached; a fixed line when it took the request. */
  answer: string;
}

export async function resyncMyPhone(app: Pick<App, "store" | "fleetJobs" | "phoneResyncs">, account: Account, id: string): Promise<ResyncOutcome> {
  const phone = phonesOf(app.store.config, account).find((p) => p.id === id && p.mac !== undefined);
  if (!phone) throw new NotFound("None of your desk phones has this ID.");
  const mac = phone.mac!;
  if (app.phoneResyncs.isBlocked(mac)) {
    throw new TooManyAttempts("This phone was asked to resync moments ago; try again in a little while.", Math.max(1, app.phoneResyncs.retryAfterSeconds(mac)));
  }
  const job = app.fleetJobs.start({ action: "resync", transport: "http", selection: { mac }, by: `${account.username}@${account.domain}` });
  app.phoneResyncs.recordFailure(mac);
  await app.fleetJobs.idle();
  const failure = job.failures[0];
  return { phone: phone.label || phone.id, ok: !failure, answer: failure?.answer ?? "The phone is fetching its profile now." };
}
