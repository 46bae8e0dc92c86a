// The admin audit log (migration 018): who did what, when.
import { statements, type Db } from "./open.ts";

export interface AuditEntry {
  id: number;
  at: string;
  username: string;
  action: string;
  target: string;
  detail: string;
}

const q = statements((db) => ({
  add: db.prepare("INSERT INTO admin_audit_log (at, username, action, target, detail) VALUES (@at, @username, @action, @target, @detail)"),
  page: db.prepare("SELECT id, at, username, action, target, detail FROM admin_audit_log ORDER BY id DESC LIMIT ? OFFSET ?"),
  count: db.prepare("SELECT count(*) AS n FROM admin_audit_log"),
}));

export function addAuditEntry(db: Db, e: Omit<AuditEntry, "id">): void {
  q(db).add.run(e);
}

/** Newest first. */
export function listAuditEntries(db: Db, limit: number, offset = 0): { entries: AuditEntry[]; total: number } {
  const s = q(db);
  return { entries: s.page.all(limit, offset) as AuditEntry[], total: (s.count.get() as { n: number }).n };
}
