// Console command arguments: node's parseArgs (strict: unknown options are refused), with every wrong input thrown
// as a UsageError, which a command line answers with the command's usage and exit code 2.
import { resolve } from "node:path";
import { parseArgs } from "node:util";

export class UsageError extends Error {}

type OptionSpecs = Record<string, { type: "string" | "boolean"; short?: string }>;

type Values<O extends OptionSpecs> = { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string };

/** Options and positionals of `args`; between `min` and `max` positionals, else UsageError. */
export function commandArgs<O extends OptionSpecs>(args: string[], options: O, count: { min: number; max: number }): { values: Values<O>; positionals: string[] } {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional.*$/s, "."));
  }
  const n = parsed.positionals.length;
  if (n < count.min) throw new UsageError("Missing argument.");
  if (n > count.max) throw new UsageError(`Unexpected argument "${parsed.positionals[count.max]}".`);
  return { values: parsed.values as Values<O>, positionals: parsed.positionals };
}

/** A count written in digits (no sign, no fraction), at most `max`; else UsageError naming the argument. */
export function wholeNumber(value: string, name: string, max = 1_000_000_000): number {
  const n = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(n <= max)) throw new UsageError(`${name} must be a whole number${max < 1_000_000_000 ? ` up to ${max}` : ""}, not "${value}".`);
  return n;
}

/** A path typed by the person: relative to the folder they ran `npm run` in (npm moves to the package's folder). */
export const callerPath = (path: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), path);
