/**
 * The transform registry, in the order they run on a file (each rule lives in
 * transforms/<id>.ts, a plain jscodeshift module). Order matters where one
 * rule's output is another's input:
 * - stateless-transport runs before session-state: once transports are per request,
 *   every remaining session id read is application state that session-state migrates.
 * - resource-not-found-code is independent and runs last.
 */
import * as resourceNotFoundCode from '../transforms/resource-not-found-code.ts';
import * as statelessTransport from '../transforms/stateless-transport.ts';
import * as sessionState from '../transforms/session-state.ts';
import * as issuerValidation from '../transforms/issuer-validation.ts';
import type { Transform } from 'jscodeshift';

export interface TransformMeta {
  id: string;
  summary: string;
  /**
   * Byte strings; a file containing none of them is never parsed for this transform. An
   * entry that is a list matches only when the file holds all of its strings (a common
   * word such as `sessionId` counts only next to an MCP import).
   */
  triggers: Array<string | string[]>;
}

export interface TransformModule {
  meta: TransformMeta;
  default: Transform;
}

export const TRANSFORMS: TransformModule[] = [
  // stateless-transport before session-state (see above).
  statelessTransport as TransformModule,
  sessionState as TransformModule,
  issuerValidation as TransformModule,
  resourceNotFoundCode as TransformModule,
];

export function transformIds(): string[] {
  return TRANSFORMS.map((t) => t.meta.id);
}
