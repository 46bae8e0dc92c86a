// What every route handler can reach: the live config, the database and the long-lived services.
import type { Db } from "../db/open.ts";
import type { ConfigStore, Config } from "./config/store.ts";
import { SightingBuffer } from "./mpp/sightings.ts";

export interface App {
  store: ConfigStore;
  db: Db;
  sightings: SightingBuffer;
  startedAt: Date;
  instance?: string;
  publicDir: string;
  /** Things to stop at shutdown (timers, schedulers), last added first. */
  onClose: (() => void | Promise<void>)[];
}

export function createApp(store: ConfigStore, db: Db, publicDir: string, instance?: string): App {
  return { store, db, sightings: new SightingBuffer(db), startedAt: new Date(), instance, publicDir, onClose: [] };
}

export function currentConfig(app: App): Config {
  return app.store.config;
}
