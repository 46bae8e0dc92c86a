// Known MPP parameter names, and the closest known name to one that is not ("did you mean …?"). The shipped
// catalogue (core/mpp/catalogue/, built from real phones' configuration; its README says where each came from)
// knows names without a schema.yml.
import { readFileSync } from "node:fs";
import { SpellingIndex } from "../../lib/spelling.ts";

const CATALOGUE_FILE = new URL("./catalogue/parameters.txt", import.meta.url);

/** Names longer than this are never a known parameter and are not compared (keeps a lookup's cost bounded). */
export const MAX_PARAMETER_NAME = 64;

/**
 * A name with each run of digits as one wildcard: line, key and unit numbers differ per model, so
 * Extended_Function_1_ seen on a 6841 stands for Extended_Function_12_ on an 8851.
 */
export function nameShape(name: string): string {
  return name.replace(/\d+/g, "#");
}

export class ParameterNames {
  /** Shape → the first name seen with it. */
  private readonly shapes = new Map<string, string>();
  private spelling?: SpellingIndex;

  constructor(names: Iterable<string>) {
    for (const name of names) {
      if (name.length > MAX_PARAMETER_NAME) continue;
      const shape = nameShape(name);
      if (!this.shapes.has(shape)) this.shapes.set(shape, name);
    }
  }

  get size(): number {
    return this.shapes.size;
  }

  has(name: string): boolean {
    return name.length <= MAX_PARAMETER_NAME && this.shapes.has(nameShape(name));
  }

  /** The known name `name` was probably meant to be, with `name`'s own numbers; undefined when none is close. */
  suggest(name: string): { name: string; caseOnly: boolean } | undefined {
    this.spelling ??= new SpellingIndex(this.shapes.values(), (n) => nameShape(n).toLowerCase(), MAX_PARAMETER_NAME);
    const found = this.spelling.suggest(name);
    return found && { name: withNumbersOf(found.name, name), caseOnly: found.caseOnly };
  }
}

/** `known` with the numbers of `typed` when both have as many ("Extended_Function_1_", "Extended_Functon_5_"). */
function withNumbersOf(known: string, typed: string): string {
  const numbers = typed.match(/\d+/g) ?? [];
  if ((known.match(/\d+/g) ?? []).length !== numbers.length) return known;
  let i = 0;
  return known.replace(/\d+/g, () => numbers[i++]);
}

/** The names of a catalogue file: one a line; `#` starts a comment line. */
export function parseCatalogue(text: string): string[] {
  return text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
}

let catalogue: ParameterNames | undefined;

/** The shipped catalogue, read on first use. */
export function parameterCatalogue(): ParameterNames {
  return (catalogue ??= new ParameterNames(parseCatalogue(readFileSync(CATALOGUE_FILE, "utf8"))));
}
