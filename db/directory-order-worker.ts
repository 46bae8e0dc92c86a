// Worker-thread entry: reads a source's directory order off the event loop (see db/directory-order.ts), over a
// read-only connection of its own per database file.
import Database from "better-sqlite3";
import { serveWorkerTasks } from "../lib/worker-pool.ts";
import { orderBuffers, readDirectoryOrder, type DirectoryOrder, type OrderRequest } from "./directory-order.ts";

const connections = new Map<string, Database.Database>();

serveWorkerTasks((r: OrderRequest): DirectoryOrder => {
  let db = connections.get(r.path);
  if (!db) connections.set(r.path, (db = new Database(r.path, { readonly: true, fileMustExist: true })));
  return readDirectoryOrder(db, r.sourceId);
}, orderBuffers);
