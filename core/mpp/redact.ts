// Secrets a phone reports (SIP and admin passwords, keys) never reach pages, JSON, exports or comparisons.
export const SECRET_PARAM = /pass(word|wd)|secret/i;
export const REDACTED = "********";

export const isSecretParam = (name: string): boolean => SECRET_PARAM.test(name);

export function redactParams(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, isSecretParam(k) && v !== "" ? REDACTED : v]));
}

/** Blanks the text of secret elements in raw report XML (`<Password_1_ ua="na">x</Password_1_>`). */
export function redactXml(xml: string): string {
  return xml.replace(/<([A-Za-z_][\w.:-]*)(\s[^>]*)?>([^<]+)<\/\1>/g, (whole, name: string, attrs: string | undefined) => {
    const local = name.slice(name.indexOf(":") + 1);
    return isSecretParam(local) ? `<${name}${attrs ?? ""}>${REDACTED}</${name}>` : whole;
  });
}
