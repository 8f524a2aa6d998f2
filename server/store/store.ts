import type { SecretBox } from '../core/core-types';
import { defaultSettings } from '../settings/settings';
import { ClientRepository } from './client-repository';
import { CodeRepository } from './code-repository';
import { Database } from './database';
import { GrantRepository } from './grant-repository';
import type { StoreData } from './records';
import { SettingsRepository } from './settings-repository';
import { TodoRepository } from './todo-repository';
import { UserRepository } from './user-repository';

/** Everything persistent, reached only through repositories. Mutate synchronously, then `await save()`. */
export interface Store {
  settings: SettingsRepository;
  client: ClientRepository;
  users: UserRepository;
  codes: CodeRepository;
  grants: GrantRepository;
  todos: TodoRepository;
  file: string;
  /** True when this start created the store (first run). */
  created: boolean;
  save(): Promise<void>;
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
  };
}

export async function openStore(dataDir: string, options: { secretBox?: SecretBox; log: (line: string) => void }): Promise<Store> {
  const db = await Database.open(dataDir, freshData, options.log);
  return {
    settings: new SettingsRepository(db),
    client: new ClientRepository(db, options.secretBox),
    users: new UserRepository(db),
    codes: new CodeRepository(db),
    grants: new GrantRepository(db),
    todos: new TodoRepository(db),
    file: db.file,
    created: !db.existed,
    save: () => db.write(),
  };
}
