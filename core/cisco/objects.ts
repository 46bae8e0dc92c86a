// Cisco IP phone service objects (CiscoIPPhoneText and friends), written with the XML writer.
import { XmlWriter } from "../../lib/xml.ts";

export function ciscoText(title: string, text: string, prompt?: string): string {
  const w = new XmlWriter().start("CiscoIPPhoneText");
  w.element("Title", title).element("Text", text);
  if (prompt) w.element("Prompt", prompt);
  return w.end().toString();
}

// Limits of the phones (DESIGN §5.2): longer lists or names are refused or cut off by the phone.
export const MAX_MENU_ITEMS = 100;
export const MAX_MENU_NAME = 64;
export const MAX_DIRECTORY_ENTRIES = 32;
export const MAX_DIRECTORY_NAME = 32;
export const MAX_SOFTKEYS = 4;
/** Title and Prompt are cut by the phones at 32 characters; we cut them ourselves, between characters. */
export const MAX_TITLE = 32;

export interface MenuItem {
  name: string;
  url: string;
}

export interface SoftKey {
  name: string;
  url: string; // "SoftKey:Dial", "SoftKey:Exit" or a page URL
}

export interface DirectoryItem {
  name: string;
  telephone: string;
}

// Counted in place, not with Array.from(text): a directory page clips and measures each of its 32 names several
// times, and an array of one-character strings per call was the largest part of what a page allocated.

/** The number of characters (code points) in `text`: a surrogate pair counts once, a lone surrogate once. */
export function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    if (isPairAt(text, i)) {
      n--;
      i++;
    }
  }
  return n;
}

/** At most `max` (≥ 0) characters (code points), never cutting a character or a surrogate pair in half. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (let kept = 0; kept < max && end < text.length; kept++) end += isPairAt(text, end) ? 2 : 1;
  return end >= text.length ? text : text.slice(0, end);
}

const isPairAt = (text: string, i: number): boolean =>
  (text.charCodeAt(i) & 0xfc00) === 0xd800 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;

export function ciscoMenu(title: string, prompt: string, items: MenuItem[]): string {
  const w = new XmlWriter().start("CiscoIPPhoneMenu");
  w.element("Title", clip(title, MAX_TITLE)).element("Prompt", clip(prompt, MAX_TITLE));
  for (const item of items.slice(0, MAX_MENU_ITEMS)) {
    w.start("MenuItem").element("Name", clip(item.name, MAX_MENU_NAME)).element("URL", item.url).end();
  }
  return w.end().toString();
}

export interface InputField {
  displayName: string;
  param: string;
  flags: "A" | "T" | "N" | "U" | "L";
  defaultValue?: string;
}

export function ciscoInput(title: string, prompt: string, url: string, fields: InputField[]): string {
  const w = new XmlWriter().start("CiscoIPPhoneInput");
  w.element("Title", clip(title, MAX_TITLE)).element("Prompt", clip(prompt, MAX_TITLE)).element("URL", url);
  for (const f of fields) {
    w.start("InputItem")
      .element("DisplayName", f.displayName)
      .element("QueryStringParam", f.param)
      .element("DefaultValue", f.defaultValue ?? "")
      .element("InputFlags", f.flags)
      .end();
  }
  return w.end().toString();
}

/** A directory page: at most 32 entries and 4 softkeys (MPP phones show no more). */
export function ciscoDirectory(title: string, prompt: string, entries: DirectoryItem[], softKeys: SoftKey[]): string {
  if (entries.length > MAX_DIRECTORY_ENTRIES) throw new Error(`A directory page holds at most ${MAX_DIRECTORY_ENTRIES} entries`);
  if (softKeys.length > MAX_SOFTKEYS) throw new Error(`A phone shows at most ${MAX_SOFTKEYS} softkeys`);
  const w = new XmlWriter().start("CiscoIPPhoneDirectory");
  w.element("Title", clip(title, MAX_TITLE)).element("Prompt", clip(prompt, MAX_TITLE));
  for (const e of entries) {
    w.start("DirectoryEntry").element("Name", clip(e.name, MAX_DIRECTORY_NAME)).element("Telephone", e.telephone).end();
  }
  softKeys.forEach((k, i) => {
    w.start("SoftKeyItem").element("Name", k.name).element("URL", k.url).element("Position", String(i + 1)).end();
  });
  return w.end().toString();
}

/** The CGI Execute request that makes a phone dial (DESIGN §5.2). */
export function ciscoExecuteDial(number: string): string {
  return new XmlWriter(false).start("CiscoIPPhoneExecute").element("ExecuteItem", undefined, { Priority: "0", URL: `Dial:${number}` }).end().toString();
}
