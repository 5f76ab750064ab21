/**
 * ast-types 0.16 (jscodeshift's) cannot scan the scope of a `catch {}` without a binding
 * (ES2019's optional catch binding): Scope#scan asserts that the clause's null param is a
 * Pattern, so any name lookup from inside such a block throws "null does not match type
 * Pattern" and the rule fails on the file (the trial: browserbase's sessionManager.ts).
 * Patched once per process, on the Scope class jscodeshift's paths use: such a clause binds
 * nothing, and its body's declarations belong to the scope around it, as they do anyway.
 * Imported for this side effect by every rule, so plain jscodeshift runs get it too.
 */
import jscodeshift from 'jscodeshift';

type ScopeLike = { node: { type: string; param?: unknown }; bindings: Record<string, unknown>; types: Record<string, unknown>; didScan: boolean; scan(force?: boolean): void };

const PATCHED = Symbol.for('mcp-migrate.catch-scope');
const probe = jscodeshift('try {} catch {}').find(jscodeshift.CatchClause).paths()[0] as unknown as { scope: ScopeLike } | undefined;
const proto = probe && (Object.getPrototypeOf(probe.scope) as ScopeLike & { [PATCHED]?: true });
if (proto && !proto[PATCHED]) {
  const scan = proto.scan;
  proto.scan = function (this: ScopeLike, force?: boolean) {
    if (this.node.type === 'CatchClause' && this.node.param == null) {
      if (force || !this.didScan) {
        for (const name of Object.keys(this.bindings)) delete this.bindings[name];
        for (const name of Object.keys(this.types)) delete this.types[name];
        this.didScan = true;
      }
      return;
    }
    scan.call(this, force);
  };
  proto[PATCHED] = true;
}
