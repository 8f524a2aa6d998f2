import { randomId } from '../crypto/random-token';

/** How long a connect's discovery waits for its registration or authorization to join it. */
const joinWindowMs = 2 * 60 * 1000;
const maxOpen = 1000;

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
 * one host at a time). Codes and tokens carry the flow on from there.
 */
export class ConnectFlows {
  private readonly byAddress = new Map<string, OpenFlow>();
  private readonly byClient = new Map<string, OpenFlow>();

  /** The flow of this address's connect: its open one, or a new one after two quiet minutes. */
  forDiscovery(address: string, now = Date.now()): string {
    this.prune(now);
    let open = this.byAddress.get(address);
    if (!open || open.claimed || now - open.at > joinWindowMs) {
      open = { flowId: `flw_${randomId(9)}`, at: now, claimed: false };
      this.byAddress.set(address, open);
    }
    open.at = now;
    return open.flowId;
  }

  /** A registration joins its caller's connect, and hands the flow to the client's first authorization. */
  forRegistration(address: string, clientId: string, now = Date.now()): string {
    const flowId = this.forDiscovery(address, now);
    const open = this.byAddress.get(address)!;
    this.byClient.set(clientId, open);
    return flowId;
  }

  /** The flow a client's authorization without a flow id of its own continues, or null for a new one. */
  forAuthorize(clientId: string, now = Date.now()): string | null {
    const registered = this.byClient.get(clientId);
    if (registered) {
      this.byClient.delete(clientId);
      registered.claimed = true;
      return registered.flowId;
    }
    let latest: OpenFlow | null = null;
    for (const open of this.byAddress.values())
      if (!open.claimed && now - open.at <= joinWindowMs && (!latest || open.at > latest.at)) latest = open;
    if (!latest) return null;
    latest.claimed = true;
    return latest.flowId;
  }

  private prune(now: number): void {
    if (this.byAddress.size < maxOpen) return;
    for (const [address, open] of this.byAddress) if (now - open.at > joinWindowMs) this.byAddress.delete(address);
    for (const [clientId, open] of this.byClient) if (now - open.at > joinWindowMs) this.byClient.delete(clientId);
  }
}
