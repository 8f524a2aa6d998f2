import { ExpiringMap } from '../collections/expiring-map';
import { randomId } from '../crypto/random-token';

/** How long a connect's discovery waits for its registration or authorization to join it. */
const joinWindowMs = 2 * 60 * 1000;
/** Open connects remembered at once: anyone reaching the tunnel can open one per address, so the oldest go first. */
const maxOpen = 5000;
/** Discoveries a metadata-document client's authorization may still join (the most recent ones). */
const maxJoinable = 64;

interface OpenFlow {
  flowId: string;
  at: number;
  claimed: boolean;
}

/**
 * Ties an MCP connect's requests into one flow for the traffic log, though they carry no shared id: the discovery
 * requests and the registration of one caller (by address), then the first authorization of the client it registered.
 * A client identified by a metadata document registers nothing, so its first authorization joins the latest
 * discovery no authorization has joined yet, within two minutes (a heuristic: right for one developer connecting
 * one host at a time). Codes and tokens carry the flow on from there. Bounded, with constant work per request.
 */
export class ConnectFlows {
  private readonly byAddress: ExpiringMap<string, OpenFlow>;
  private readonly byClient: ExpiringMap<string, OpenFlow>;
  /** Discoveries, most recent last; a flow may appear more than once, stale copies are skipped. */
  private readonly joinable: OpenFlow[] = [];

  constructor(private readonly now: () => number = Date.now) {
    this.byAddress = new ExpiringMap(maxOpen, now);
    this.byClient = new ExpiringMap(maxOpen, now);
  }

  /** The flow of this address's connect: its open one, or a new one after two quiet minutes. */
  forDiscovery(address: string): string {
    const now = this.now();
    let open = this.byAddress.get(address);
    if (!open || open.claimed) open = { flowId: `flw_${randomId(9)}`, at: now, claimed: false };
    open.at = now;
    this.byAddress.set(address, open, joinWindowMs);
    if (this.joinable[this.joinable.length - 1] !== open) {
      this.joinable.push(open);
      if (this.joinable.length > maxJoinable) this.joinable.shift();
    }
    return open.flowId;
  }

  /** A registration joins its caller's connect, and hands the flow to the client's first authorization. */
  forRegistration(address: string, clientId: string): string {
    const flowId = this.forDiscovery(address);
    this.byClient.set(clientId, this.byAddress.get(address)!, joinWindowMs);
    return flowId;
  }

  /** The flow a client's authorization without a flow id of its own continues, or null for a new one. */
  forAuthorize(clientId: string): string | null {
    const registered = this.byClient.get(clientId);
    if (registered) {
      this.byClient.delete(clientId);
      registered.claimed = true;
      return registered.flowId;
    }
    const now = this.now();
    while (this.joinable.length > 0) {
      const latest = this.joinable.pop()!;
      if (latest.claimed || now - latest.at > joinWindowMs) continue;
      latest.claimed = true;
      return latest.flowId;
    }
    return null;
  }
}
