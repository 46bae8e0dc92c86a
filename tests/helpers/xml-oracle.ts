// saxes, a conformant XML parser we do not maintain, as the judge of lib/xml-scanner.ts: the same document gives
// the same verdict (well-formed or not) and, when well-formed, the same elements, attributes and text.
import { SaxesParser } from "saxes";
import { XmlScanner } from "../../lib/xml-scanner.ts";

/** The events of a document as one comparable list, or "rejected". */
export type Reading = string[] | "rejected";

export function readWithSaxes(xml: string): Reading {
  const events: string[] = [];
  let depth = 0;
  let text = "";
  const flush = () => {
    if (text) events.push(`text ${JSON.stringify(text)}`);
    text = "";
  };
  const parser = new SaxesParser({ xmlns: false });
  let failed = false;
  parser.on("error", () => (failed = true));
  parser.on("doctype", () => (failed = true));
  parser.on("opentag", (tag) => {
    flush();
    depth++;
    events.push(`open ${tag.name} ${JSON.stringify(Object.entries(tag.attributes))}`);
  });
  const onText = (t: string) => {
    if (depth) text += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", (tag) => {
    flush();
    depth--;
    events.push(`close ${tag.name}`);
  });
  try {
    parser.write(xml).close();
  } catch {
    failed = true;
  }
  return failed || !events.length ? "rejected" : events;
}

export function readWithScanner(xml: string): Reading {
  const events: string[] = [];
  const names: string[] = [];
  let text = "";
  const flush = () => {
    if (text) events.push(`text ${JSON.stringify(text)}`);
    text = "";
  };
  try {
    new XmlScanner(xml, {
      open(name, attributes, depth) {
        flush();
        names[depth] = name;
        events.push(`open ${name} ${JSON.stringify(Object.entries(attributes))}`);
      },
      text(value) {
        text += value;
      },
      close(depth) {
        flush();
        events.push(`close ${names[depth]}`);
      },
    }).finish();
  } catch {
    return "rejected";
  }
  return events;
}
