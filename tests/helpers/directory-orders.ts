// A directory search cache whose sources of at least `orderFrom` contacts have their order (and words) read into
// memory before the test goes on; closed when the test ends.
import type { TestContext } from "node:test";
import { DirectorySearchCache } from "../../db/contact-search.ts";
import type { Db } from "../../db/open.ts";

export async function withOrders(db: Db, t: TestContext, orderFrom = 1): Promise<DirectorySearchCache> {
  const cache = new DirectorySearchCache(orderFrom);
  t.after(() => cache.close());
  cache.readOrders(db);
  await cache.settled();
  return cache;
}
