import type { Database } from './database';
import type { RegisteredClientRecord } from './records';

/** Persistence of the clients registered by DCR, seen by CIMD or added by the developer; the rules live in ClientRegistry. */
export class RegisteredClientRepository {
  private readonly byId = new Map<string, RegisteredClientRecord>();

  constructor(private readonly db: Database) {
    for (const client of db.data.clients) this.byId.set(client.id, client);
  }

  list(): RegisteredClientRecord[] {
    return this.db.data.clients;
  }

  get(id: string): RegisteredClientRecord | undefined {
    return this.byId.get(id);
  }

  /** Adds or replaces (a CIMD client whose document changed). */
  put(record: RegisteredClientRecord): void {
    const existing = this.byId.get(record.id);
    if (existing) this.db.data.clients[this.db.data.clients.indexOf(existing)] = record;
    else this.db.data.clients.push(record);
    this.byId.set(record.id, record);
  }

  remove(id: string): boolean {
    if (!this.byId.delete(id)) return false;
    this.db.requireSnapshot();
    this.db.data.clients = this.db.data.clients.filter((client) => client.id !== id);
    return true;
  }
}
