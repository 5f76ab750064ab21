// Per-session bookkeeping for an MCP gateway: what each connected client declared at
// initialize, and the keep-alive pings sent to it.
type ClientCapabilities = { roots?: { listChanged?: boolean }; sampling?: object };

export interface CapabilityRegistry {
  remember(sessionId: string, caps: ClientCapabilities): void;
  lookup(sessionId: string): ClientCapabilities;
  forget(sessionId: string): void;
}

export function createCapabilityRegistry(): CapabilityRegistry {
  /* mcp-migrate(session-state): `declared` keeps state per MCP session (keyed by the `sessionId` parameter of `remember`): 2026-07-28 requests carry no session id (SEP-2567), so for those clients this state is never found or is shared between them. Key it by an explicit handle a tool returns, or by the auth principal; if 2025 clients must keep it per session, serve them from a legacy leg (--legacy keep) */
  const declared = new Map<string, ClientCapabilities>();
  return {
    remember(sessionId, caps) {
      declared.set(sessionId, caps);
    },
    lookup(sessionId) {
      return declared.get(sessionId) ?? {};
    },
    forget(sessionId) {
      declared.delete(sessionId);
    },
  };
}

export class KeepAlive {
  /* mcp-migrate(session-state): `this.timers` keeps state per MCP session (keyed by the `sessionId` parameter of `start`): 2026-07-28 requests carry no session id (SEP-2567), so for those clients this state is never found or is shared between them. Key it by an explicit handle a tool returns, or by the auth principal; if 2025 clients must keep it per session, serve them from a legacy leg (--legacy keep) */
  private timers = new Map<string, ReturnType<typeof setInterval>>();

  start(sessionId: string, ping: () => void) {
    if (this.timers.has(sessionId)) return;
    this.timers.set(sessionId, setInterval(ping, 15_000));
  }

  stop(sessionId: string) {
    clearInterval(this.timers.get(sessionId));
    this.timers.delete(sessionId);
  }
}

// The store is the class's own field; the instance below only wraps it.
class ClientInfoStore {
  /* mcp-migrate(session-state): `this.infos` keeps state per MCP session (keyed by the `sessionId` parameter of `set`): 2026-07-28 requests carry no session id (SEP-2567), so for those clients this state is never found or is shared between them. Key it by an explicit handle a tool returns, or by the auth principal; if 2025 clients must keep it per session, serve them from a legacy leg (--legacy keep) */
  private infos = new Map<string, { name: string; version: string }>();

  set(sessionId: string, info: { name: string; version: string }) {
    this.infos.set(sessionId, info);
  }

  get(sessionId: string) {
    return this.infos.get(sessionId);
  }
}

const clientInfo = new ClientInfoStore();

export function onInitialize(sessionId: string, info: { name: string; version: string }) {
  clientInfo.set(sessionId, info);
}

// Progress for a long job goes back to the session that started it.
/* mcp-migrate(session-state): `progressSinks` keeps state per MCP session (keyed by `sessionId`, from the `job` parameter of `reportProgress`): 2026-07-28 requests carry no session id (SEP-2567), so for those clients this state is never found or is shared between them. Key it by an explicit handle a tool returns, or by the auth principal; if 2025 clients must keep it per session, serve them from a legacy leg (--legacy keep) */
const progressSinks = new Map<string, (done: number) => void>();

export function reportProgress(job: { sessionId?: string; done: number }): void {
  const { sessionId, done } = job;
  if (sessionId) progressSinks.get(sessionId)?.(done);
}

export function watchJob({ sessionId }: { sessionId: string }, sink: (done: number) => void): void {
  progressSinks.set(sessionId, sink);
}
