// An MCP server's own handles: minted here, handed to the model, passed back as tool arguments.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

const carts = new Map<string, string[]>();

export function openCart(): string {
  const sessionId = randomUUID();
  carts.set(sessionId, []);
  return sessionId;
}

export function addItem(sessionId: string, item: string) {
  carts.get(sessionId)?.push(item);
}

// Routing by the transport session is the stateless-transport rule's business.
const routes = new Map<string, { transport: unknown; startedAt: number }>();

export function track(sessionId: string, transport: unknown) {
  routes.set(sessionId, { transport, startedAt: Date.now() });
}

export function untrack(sessionId: string) {
  routes.delete(sessionId);
}

// Live connections are plumbing, not state.
const streams = new Map<string, ServerResponse>();

export function attach(sessionId: string, res: ServerResponse) {
  streams.set(sessionId, res);
}

// Known by their declared type: sockets opened elsewhere, looked up to push a message.
interface PeerSocket {
  send(data: string): void;
}
const sockets = new Map<string, PeerSocket>();

export function push(sessionId: string, message: string) {
  sockets.get(sessionId)?.send(message);
}

// A hand-rolled transport's sessions are the transport's own (its SSE streams).
export class LongPollTransport {
  private sessions: Record<string, { queue: string[] }> = {};

  deliver(sessionId: string, message: string) {
    this.sessions[sessionId]?.queue.push(message);
  }
}

// Login sessions this module opens for itself.
const logins = new Map<string, { user: string }>();
function generateLoginId() {
  return randomUUID();
}

export function startLogin(user: string) {
  const sessionId = generateLoginId();
  logins.set(sessionId, { user });
  return sessionId;
}

export function loginOf(sessionId: string) {
  return logins.get(sessionId)?.user;
}

// When each MCP session was last seen: only an idle reaper of the sessions reads it.
const lastSeen = new Map<string, number>();

export function touchSession(sessionId: string) {
  lastSeen.set(sessionId, Date.now());
}

export function idleSince(sessionId: string) {
  return lastSeen.get(sessionId);
}

// Declared for capabilities, never filled: only cleared when a session ends.
const capabilitiesBySession = new Map<string, { sampling?: object }>();

export function forgetSession(sessionId: string) {
  capabilitiesBySession.delete(sessionId);
}

// The server each MCP session's transport is connected to: routing plumbing, not state.
type SessionServer = { close(): Promise<void> };
const serversBySession = new Map<string, McpServerLike>();
type McpServerLike = SessionServer;

export function rememberServer(sessionId: string, server: McpServerLike) {
  serversBySession.set(sessionId, server);
}

export function serverOf(sessionId: string) {
  return serversBySession.get(sessionId);
}
