/** The short findings tally every command prints on stderr after its product. */
import type { Finding } from '../findings.ts';
import type { Io } from '../cli/io.ts';

export function printFindingsSummary(findings: Finding[], io: Io): void {
  if (findings.length === 0) return;
  const fixed = findings.filter((f) => f.resolution === 'fixed').length;
  const manual = findings.length - fixed;
  io.err(`${findings.length} findings: ${fixed} fixed automatically, ${manual} need a person`);
  io.err(manual ? ` (markers: grep -rn "mcp-migrate(" or run mcp-migrate audit)\n` : '\n');
}
