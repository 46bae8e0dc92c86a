// `{name}` placeholders in a text (a webhook body, a URL, a command argument) replaced by values, each escaped for
// where it lands. Only the names given are replaced, so a JSON template's own braces stay as written.

export type Escape = (value: string) => string;

/** JSON string content: the value goes between quotes the template already has. */
export const jsonStringContent: Escape = (v) => JSON.stringify(v).slice(1, -1);

/** One value of a URL query or an application/x-www-form-urlencoded body. */
export const urlComponent: Escape = (v) => encodeURIComponent(v);

export const verbatim: Escape = (v) => v;

export function fillPlaceholders(template: string, values: Record<string, string>, escape: Escape = verbatim): string {
  const names = Object.keys(values).map((n) => n.replace(/[^\w-]/g, ""));
  if (!names.length) return template;
  return template.replace(new RegExp(`\\{(${names.join("|")})\\}`, "g"), (_all, name: string) => escape(values[name]));
}
