// Parses a Cisco IP phone service object and checks it against the limits of DESIGN §5.2.
import assert from "node:assert/strict";
import { parseXml, type XmlElement } from "./xml.ts";

export const chars = (s: string): number => Array.from(s).length;
const child = (el: XmlElement, name: string): string => el.children.find((c) => c.name === name)?.text ?? "";

export interface ParsedDirectory {
  title: string;
  prompt: string;
  entries: { name: string; telephone: string }[];
  softKeys: { name: string; url: string; position: string }[];
}

export function parseDirectory(body: string): ParsedDirectory {
  assert.match(body, /^<\?xml version="1\.0" encoding="UTF-8"\?>/);
  const root = parseXml(body);
  assert.equal(root.name, "CiscoIPPhoneDirectory", body.slice(0, 300));
  const entries = root.children.filter((c) => c.name === "DirectoryEntry").map((e) => ({ name: child(e, "Name"), telephone: child(e, "Telephone") }));
  const softKeys = root.children.filter((c) => c.name === "SoftKeyItem").map((k) => ({ name: child(k, "Name"), url: child(k, "URL"), position: child(k, "Position") }));
  assert.ok(entries.length <= 32, `at most 32 entries, got ${entries.length}`);
  assert.ok(softKeys.length <= 4, `at most 4 softkeys, got ${softKeys.length}`);
  for (const e of entries) {
    assert.ok(chars(e.name) <= 32, `name over 32 characters: ${e.name}`);
    assert.ok(!/[\uD800-\uDFFF]/.test(e.name.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, "")), `a cut surrogate pair in ${e.name}`);
    assert.match(e.telephone, /^[\d+*#]+$/);
  }
  assert.ok(chars(child(root, "Title")) <= 32 && chars(child(root, "Prompt")) <= 32, "Title and Prompt at most 32 characters");
  return { title: child(root, "Title"), prompt: child(root, "Prompt"), entries, softKeys };
}

export function parseMenu(body: string): { title: string; items: { name: string; url: string }[] } {
  const root = parseXml(body);
  assert.equal(root.name, "CiscoIPPhoneMenu", body.slice(0, 300));
  const items = root.children.filter((c) => c.name === "MenuItem").map((m) => ({ name: child(m, "Name"), url: child(m, "URL") }));
  assert.ok(items.length <= 100);
  for (const i of items) assert.ok(chars(i.name) <= 64);
  return { title: child(root, "Title"), items };
}

export function parseText(body: string): { title: string; text: string } {
  const root = parseXml(body);
  assert.equal(root.name, "CiscoIPPhoneText", body.slice(0, 300));
  return { title: child(root, "Title"), text: child(root, "Text") };
}

export function parseInput(body: string): { url: string; items: { displayName: string; param: string; flags: string }[] } {
  const root = parseXml(body);
  assert.equal(root.name, "CiscoIPPhoneInput", body.slice(0, 300));
  return {
    url: child(root, "URL"),
    items: root.children.filter((c) => c.name === "InputItem").map((i) => ({ displayName: child(i, "DisplayName"), param: child(i, "QueryStringParam"), flags: child(i, "InputFlags") })),
  };
}

/** The path and query of an absolute link the phone will follow (links are built from public_url). */
export function pathOf(url: string, publicUrl: string): string {
  assert.ok(url.startsWith(publicUrl + "/"), `${url} should start with ${publicUrl}`);
  return url.slice(publicUrl.length);
}
