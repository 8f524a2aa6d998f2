import type { SecretBox } from '../core/core-types';
import { defaultSettings } from '../settings/settings';
import { ClientRepository } from './client-repository';
import { CodeRepository } from './code-repository';
import { Database } from './database';
import { GrantRepository } from './grant-repository';
import type { StoreData } from './records';
import { RegisteredClientRepository } from './registered-client-repository';
import { SettingsRepository } from './settings-repository';
import { SigningKeyRepository } from './signing-key-repository';
import type { StoreChanges } from './store-changes';
import { TodoRepository } from './todo-repository';
import { UserRepository } from './user-repository';

/**
 * Everything persistent, reached only through repositories. Mutate synchronously, then `await save()` — or, where
 * only grants and codes changed (the token endpoint), `await save({ grants: [grant] })`, which appends them to the
 * journal instead of rewriting the whole file; a refresh saves `{ rotations: [rotation] }` from grants.rotate().
 */
export interface Store {
  settings: SettingsRepository;
  client: ClientRepository;
  /** Clients besides the classic one: reach them through ClientRegistry, which applies the rules. */
  clients: RegisteredClientRepository;
  users: UserRepository;
  codes: CodeRepository;
  grants: GrantRepository;
  todos: TodoRepository;
  signingKeys: SigningKeyRepository;
  file: string;
  /** True when this start created the store (first run). */
  created: boolean;
  /** Without changes (or when a removal is waiting): the whole store. Every saved change is on disk when it resolves. */
  save(changes?: StoreChanges): Promise<void>;
  /** A last snapshot, then the journal is closed; for shutdown. */
  close(): Promise<void>;
}

function freshData(): StoreData {
  const client = ClientRepository.generate();
  const now = new Date().toISOString();
  return {
    version: 1,
    settings: structuredClone(defaultSettings),
    client: { ...client, createdAt: now, rotatedAt: null },
    users: [],
    codes: [],
    grants: [],
    todos: [],
    clients: [],
    signingKeys: [],
  };
}

export async function openStore(dataDir: string, options: { secretBox?: SecretBox; log: (line: string) => void }): Promise<Store> {
  const db = await Database.open(dataDir, freshData, options.log);
  return {
    settings: new SettingsRepository(db),
    client: new ClientRepository(db, options.secretBox),
    clients: new RegisteredClientRepository(db),
    users: new UserRepository(db),
    codes: new CodeRepository(db),
    grants: new GrantRepository(db),
    todos: new TodoRepository(db),
    signingKeys: new SigningKeyRepository(db, options.secretBox),
    file: db.file,
    created: !db.existed,
    save: (changes) => db.write(changes),
    close: () => db.close(),
  };
}
