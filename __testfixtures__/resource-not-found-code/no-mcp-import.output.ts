// Language Server Protocol: -32002 is ServerNotInitialized here, not an MCP code.
export class LspError extends Error {
  constructor(public code: number, message: string) { super(message); }
}

export function notInitialized() {
  return { code: -32002, message: 'Server not initialized' };
}

export const isNotInitialized = (e: { code: number }) => e.code === -32002;
