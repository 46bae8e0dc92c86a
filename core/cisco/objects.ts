// Cisco IP phone service objects (CiscoIPPhoneText and friends), written with the XML writer.
import { XmlWriter } from "../../lib/xml.ts";

export function ciscoText(title: string, text: string, prompt?: string): string {
  const w = new XmlWriter().start("CiscoIPPhoneText");
  w.element("Title", title).element("Text", text);
  if (prompt) w.element("Prompt", prompt);
  return w.end().toString();
}
