// A UUID named by its parts (shaped as RFC 4122 version 5, from SHA-1): the same parts always give the same UUID,
// so an exported record keeps its identity across exports without storing one.
import { createHash } from "node:crypto";

export function nameBasedUuid(...parts: string[]): string {
  const h = createHash("sha1").update(parts.join("\u0000")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
