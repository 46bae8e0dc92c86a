// Phones not in phones.yml that asked for a profile (the dashboard's "Seen, not in phones.yml"), kept bounded.
import { statements, type Db } from "./open.ts";

/** What an unknown phone was answered: nothing for it, the bootstrap profile, or a firmware upgrade. */
export type UnknownPhoneAnswer = "not found" | "bootstrap" | "firmware upgrade";

export interface UnknownPhoneRequest {
  mac: string;
  ip: string;
  userAgent: string;
  model?: string;
  firmware?: string;
  /** The `<id>` of `/<id>.xml` it asked for. */
  requested: string;
  answer: UnknownPhoneAnswer;
  at: string;
  requests: number;
}

export interface UnknownPhoneRow {
  mac: string;
  ip_address: string;
  user_agent: string;
  model: string | null;
  firmware: string | null;
  requested: string;
  answer: UnknownPhoneAnswer;
  first_seen_at: string;
  last_seen_at: string;
  requests: number;
}

const q = statements((db) => ({
  upsert: db.prepare(`
    INSERT INTO unknown_phones (mac, ip_address, user_agent, model, firmware, requested, answer, first_seen_at, last_seen_at, requests)
    VALUES (@mac, @ip, @userAgent, @model, @firmware, @requested, @answer, @at, @at, @requests)
    ON CONFLICT(mac) DO UPDATE SET
      ip_address = excluded.ip_address, user_agent = excluded.user_agent,
      model = coalesce(excluded.model, model), firmware = coalesce(excluded.firmware, firmware),
      requested = excluded.requested, answer = excluded.answer,
      last_seen_at = excluded.last_seen_at, requests = requests + excluded.requests`),
  keepNewest: db.prepare(`DELETE FROM unknown_phones WHERE mac IN
    (SELECT mac FROM unknown_phones ORDER BY last_seen_at DESC, mac LIMIT -1 OFFSET ?)`),
  all: db.prepare("SELECT * FROM unknown_phones ORDER BY last_seen_at DESC, mac"),
}));

/** Writes a batch in one transaction, then keeps only the `keep` phones seen most recently. */
export function saveUnknownPhones(db: Db, batch: UnknownPhoneRequest[], keep: number): void {
  const s = q(db);
  db.transaction(() => {
    for (const row of batch) s.upsert.run({ ...row, model: row.model ?? null, firmware: row.firmware ?? null });
    s.keepNewest.run(keep);
  })();
}

/** Newest first. */
export function listUnknownPhones(db: Db): UnknownPhoneRow[] {
  return q(db).all.all() as UnknownPhoneRow[];
}
