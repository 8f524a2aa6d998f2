/** Header every request of a check carries: `<flow id> <nonce>`. The traffic log files the request under the flow and marks it as Handshake's own. */
export const checkHeader = 'x-handshake-check';

/** The flow ids of check runs: `flw_chk…`, a flow id the authorize page also accepts. */
export const checkFlowPattern = /^flw_chk[A-Za-z0-9_-]{4,40}$/;
