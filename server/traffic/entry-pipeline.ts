import { diagnose } from './diagnoses';
import { TokenRequestWatch } from './diagnoses/token-never-requested';
import { type BuildContext, type CapturedExchange, fallbackEntry, maskedEntry, readExchange } from './entry-builder';
import { type PreparedEntry, prepareEntry } from './prepared-entry';
import { RecentSecrets } from './recent-secrets';
import type { TrafficNote } from './traffic-entry';

export interface EntryPipelineOptions {
  /** How long after a sign-in's redirect a token request may come before "ChatGPT never called the token URL". */
  tokenWaitMs: number;
  /** A diagnosis that needed time, for an entry already built. */
  onNote: (entryId: string, note: TrafficNote) => void;
  /** An exchange that could not be built in full (a bare entry is built instead). */
  onError: (error: unknown) => void;
}

/**
 * Captured exchange → masked, diagnosed entry, ready for the log. Keeps what spans exchanges: the secrets of recent
 * exchanges (masked in later ones) and the sign-ins waiting for their token request.
 */
export class EntryPipeline {
  private readonly recentSecrets = new RecentSecrets();
  private readonly watch: TokenRequestWatch;

  constructor(private readonly options: EntryPipelineOptions) {
    this.watch = new TokenRequestWatch(options.tokenWaitMs, options.onNote);
  }

  /** Never throws: an exchange that cannot be built becomes a bare entry that says so. */
  build(captured: CapturedExchange, context: BuildContext): PreparedEntry {
    try {
      const exchange = readExchange(captured, context);
      const entry = maskedEntry(captured, exchange, diagnose(exchange), this.recentSecrets);
      try {
        this.watch.observe(entry.id, exchange, entry.flowId);
      } catch (error) {
        this.options.onError(error);
      }
      return prepareEntry(entry);
    } catch (error) {
      this.options.onError(error);
      return prepareEntry(fallbackEntry(captured, error));
    }
  }

  close(): void {
    this.watch.close();
  }
}
