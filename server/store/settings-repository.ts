import { mergeSettings, type Settings, type SettingsPatch } from '../settings/settings';
import type { Database } from './database';

export class SettingsRepository {
  constructor(private readonly db: Database) {}

  get(): Settings {
    return this.db.data.settings;
  }

  /** Validates the merged result; throws ZodError and changes nothing on bad input. */
  update(patch: SettingsPatch): Settings {
    const next = mergeSettings(this.db.data.settings, patch);
    this.db.data.settings = next;
    return next;
  }
}
