/**
 * The SDK's v1.x examples import the SDK by relative path (`../../server/mcp.js`); its users
 * import `@modelcontextprotocol/sdk/server/mcp.js`. Before the examples are migrated they are
 * put in the shape a user copying them has, or no rule (nor the official codemod) sees an SDK
 * import at all.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, dirname, relative, posix } from 'node:path';

const IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\2/g;

export function importSdkAsUser(dir, examplesDir = 'src/examples', libDir = 'src') {
  let files = 0;
  const walk = (d) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.[cm]?[jt]sx?$/.test(e)) rewrite(p);
    }
  };
  const rewrite = (file) => {
    const text = readFileSync(file, 'utf8');
    const out = text.replace(IMPORT, (all, lead, q, spec) => {
      const target = relative(join(dir, libDir), join(dirname(file), spec)).split('\\').join('/');
      if (target.startsWith('..') || target.startsWith(posix.join(relative(libDir, examplesDir), '/'))) return all;
      return `${lead}${q}@modelcontextprotocol/sdk/${target}${q}`;
    });
    if (out !== text) { writeFileSync(file, out); files++; }
  };
  if (existsSync(join(dir, examplesDir))) walk(join(dir, examplesDir));
  return files;
}
