// A small INI reader for rc files (Linphone's linphonerc, PHP's parse_ini_file with sections): `[section]` lines,
// `key = value` lines, `;` and `#` comment lines. One pass over the lines, no regular expression that backtracks,
// and a size limit, so a huge or odd file costs little. Values keep their text; one pair of surrounding double or
// single quotes is removed (PHP does the same), nothing else is interpreted.

export interface IniSection {
  name: string;
  /** Key → value in file order; a key written twice keeps its first place and its last value. */
  entries: Map<string, string>;
}

export const INI_SIZE_LIMIT = 1024 * 1024;

/** A line that cannot be read; `line` counts from 1. */
export class IniError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** The sections in file order (a section named twice is one section); keys before any section are an error. */
export function parseIni(text: string, limit = INI_SIZE_LIMIT): IniSection[] {
  if (text.length > limit) throw new IniError(0, `the file is larger than ${limit} characters`);
  const sections = new Map<string, IniSection>();
  let current: IniSection | undefined;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith(";") || line.startsWith("#")) continue;
    if (line.startsWith("[")) {
      if (!line.endsWith("]")) throw new IniError(i + 1, `a section header must end with "]": ${line.slice(0, 80)}`);
      const name = line.slice(1, -1).trim();
      if (!name) throw new IniError(i + 1, "a section needs a name");
      current = sections.get(name) ?? { name, entries: new Map() };
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) throw new IniError(i + 1, `expected key = value: ${line.slice(0, 80)}`);
    if (!current) throw new IniError(i + 1, "a key = value line before the first [section]");
    current.entries.set(line.slice(0, eq).trim(), unquote(line.slice(eq + 1).trim()));
  }
  return [...sections.values()];
}

function unquote(value: string): string {
  const q = value[0];
  return value.length >= 2 && (q === '"' || q === "'") && value.endsWith(q) ? value.slice(1, -1) : value;
}
