// Passwords written into URLs (`http://user:password@host/…`), masked wherever such text is shown or logged.
// One pass from each "://" to the end of its authority, so the work is linear in the text however it is built.

/** What a masked secret looks like wherever it is shown. */
export const SECRET_MASK = "********";

/** Characters that end a URL's userinfo: the rest of the URL, or the text around it. */
const USERINFO_END = new Set(["/", "?", "#", "[", "]", " ", "\t", "\r", "\n", "<", ">", '"', "'", "\\"]);

/** `scheme://user:secret@host` → `scheme://user:<mask>@host` for every URL in `text`; the user name stays. */
export function maskUrlPasswords(text: string, mask = SECRET_MASK): string {
  let out = "";
  let copied = 0;
  let i = text.indexOf("://");
  while (i >= 0) {
    const start = i + 3;
    let j = start;
    let colon = -1;
    let at = -1; // the last "@": a password may hold an unencoded one, the host never does
    for (; j < text.length && !USERINFO_END.has(text[j]); j++) {
      if (text[j] === "@") at = j;
      else if (text[j] === ":" && colon < 0 && at < 0) colon = j;
    }
    if (colon >= 0 && at > colon + 1) {
      out += text.slice(copied, colon + 1) + mask;
      copied = at;
    }
    // The next "://" may begin at the character that ended this authority (":" before "//").
    i = text.indexOf("://", j > start ? j - 1 : start);
  }
  return copied === 0 ? text : out + text.slice(copied);
}
