// The MPP console commands (schema:generate, schema:verify, reports:import, reports:prune), registered in cli.ts.
import { copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../../db/open.ts";
import { pruneReports, type Report } from "../../db/reports.ts";
import type { ConfigStore } from "../config/store.ts";
import { formatMac, normalizeMac } from "./mac.ts";
import { importSeedReports } from "./report-import.ts";
import { missingFromSchema, renderSchemaYaml } from "./schema-gen.ts";
import { chooseReport } from "./schema-source.ts";

export interface MppCliContext {
  store: ConfigStore;
  db(): Db;
  out(line: string): void;
}

/** The report a schema command reads: `<phone|MAC|model>` or `--mac <mac>` (core/mpp/schema-source.ts). */
function chosenReport(args: string[], ctx: MppCliContext): { report: Report } | { message: string; code: number } {
  const i = args.indexOf("--mac");
  if (i >= 0 && !normalizeMac(args[i + 1])) return { message: `"${args[i + 1] ?? ""}" is not a MAC address.`, code: 2 };
  const target = i >= 0 ? args[i + 1] : args.find((a) => !a.startsWith("--"));
  const choice = chooseReport(ctx.db(), ctx.store.config, target);
  return "report" in choice ? choice : { message: choice.message, code: choice.usage ? 2 : 1 };
}

export function schemaGenerate(args: string[], ctx: MppCliContext): number {
  const chosen = chosenReport(args, ctx);
  if (!("report" in chosen)) return (ctx.out(chosen.message), chosen.code);
  const { report } = chosen;
  const config = ctx.store.config;
  const path = join(config.dir, "schema.yml");
  if (existsSync(path)) {
    const backup = `${path}.${new Date().toISOString().replace(/[:.]/g, "-")}.bak`;
    copyFileSync(path, backup);
    ctx.out(`Backed up the old schema.yml to ${backup}`);
  }
  const source = `report ${report.id} of ${formatMac(report.mac)} (${report.user_agent || "unknown User-Agent"}) received ${report.received_at}`;
  writeFileSync(path, renderSchemaYaml(report.params, config.schema.xmlPath, config.comparison.secrets, source));
  ctx.out(`Wrote ${path} with ${Object.keys(report.params).length} parameters from ${source}.`);
  return 0;
}

export function schemaVerify(args: string[], ctx: MppCliContext): number {
  const chosen = chosenReport(args, ctx);
  if (!("report" in chosen)) return (ctx.out(chosen.message), chosen.code);
  const { report } = chosen;
  const missing = missingFromSchema(ctx.store.config.schema, report.params);
  if (!missing.length) {
    ctx.out(`schema.yml knows all ${Object.keys(report.params).length} parameters of report ${report.id} (${formatMac(report.mac)}).`);
    return 0;
  }
  ctx.out(`schema.yml lacks ${missing.length} parameters that report ${report.id} (${formatMac(report.mac)}) has:`);
  for (const name of missing) ctx.out(`  ${name}`);
  return 1;
}

export function reportsImport(args: string[], ctx: MppCliContext): number {
  const dir = args[0];
  if (!dir || !existsSync(dir)) return (ctx.out(dir ? `No such folder: ${dir}` : "Usage: reports:import <folder with the old service's reports/*.json>"), 2);
  const r = importSeedReports(ctx.db(), dir, ctx.store.config.service.reports.retention);
  for (const p of r.problems) ctx.out(`skipped ${p}`);
  ctx.out(`Imported ${r.imported} reports (${r.skipped} already there, ${r.problems.length} unreadable).`);
  return r.problems.length ? 1 : 0;
}

export function reportsPrune(_args: string[], ctx: MppCliContext): number {
  const keep = ctx.store.config.service.reports.retention;
  ctx.out(`Deleted ${pruneReports(ctx.db(), keep)} reports (keeping the newest ${keep} per phone).`);
  return 0;
}
