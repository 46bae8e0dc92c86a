// `cli.ts phones:resync|reboot <phone|MAC|--group g|--all> [--sip]`: the same job as the admin pages' buttons
// (core/fleet/jobs.ts), run in the console and waited for. Exit 1 when a phone failed.
import type { Db } from "../../db/open.ts";
import { UsageError } from "../../lib/cli-args.ts";
import type { ConfigStore } from "../config/store.ts";
import { ProfilePins } from "../mpp/profile-history.ts";
import type { PhoneAction } from "./direct-action.ts";
import { FleetJobs } from "./jobs.ts";
import { parseSelection, type Selection } from "./targets.ts";

export interface FleetCliContext {
  store: ConfigStore;
  db(): Db;
  out(line: string): void;
}

function selectionOf(args: string[], store: ConfigStore): Selection {
  const g = args.indexOf("--group");
  if (g >= 0) {
    if (!args[g + 1]) throw new UsageError("--group needs a group name.");
    return { group: args[g + 1] };
  }
  if (args.includes("--all")) return { all: true };
  const named = args.find((a) => !a.startsWith("--"));
  if (!named) throw new UsageError("Name a phone (its phones.yml ID or MAC), --group <name> or --all.");
  const byId = store.config.phones.find((p) => p.id === named);
  return parseSelection({ mac: byId?.mac ?? named });
}

export async function phonesAction(action: PhoneAction, args: string[], ctx: FleetCliContext): Promise<number> {
  const { store, out } = ctx;
  const db = ctx.db();
  const jobs = new FleetJobs(() => ({ store, db, pins: new ProfilePins(db, store) }));
  const job = jobs.start({ action, transport: args.includes("--sip") ? "sip" : "http", selection: selectionOf(args, store), by: `console (${process.env.USER ?? "unknown"})` });
  for (const w of job.warnings) out(`warning ${w.name}: ${w.warning}`);
  await jobs.idle();
  for (const f of job.failures) out(`failed  ${f.name}: ${f.answer}`);
  out(`${action} of ${job.target}: ${job.done - job.failures.length} of ${job.total} phones answered OK.`);
  return job.failures.length ? 1 : 0;
}
