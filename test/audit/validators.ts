/**
 * Real validators for the audit outputs:
 * - SARIF: the SARIF 2.1.0 JSON schema as shipped in the npm package @microsoft/jest-sarif
 *   (lib/schemas/sarif-2.1.0-rtm.5.json, the 2.1.0 release schema), checked with ajv's
 *   draft-04 validator (the schema is draft-04) and ajv-formats (uri, uri-reference,
 *   date-time are enforced).
 * - JSON: docs/audit-report.schema.json (draft-07) with ajv.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormatsImport from 'ajv-formats';
import { REPO } from '../helpers/cli.ts';

const require = createRequire(import.meta.url);
type AddFormats = (ajv: unknown) => unknown;
const addFormats = ((addFormatsImport as unknown as { default?: AddFormats }).default ?? addFormatsImport) as AddFormats;

export const SARIF_SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
export const AUDIT_SCHEMA_PATH = join(REPO, 'docs', 'audit-report.schema.json');

export interface Validation {
  valid: boolean;
  errors: string[];
}

function wrap(validate: ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null }) {
  return (data: unknown): Validation => {
    const valid = validate(data);
    return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`) };
  };
}

let sarif: ((data: unknown) => Validation) | undefined;
export function validateSarif(data: unknown): Validation {
  if (!sarif) {
    // unicodeRegExp: false — the schema's `language` pattern has a stray `]` that is literal in
    // non-unicode regexes (as every other SARIF validator reads it) but a syntax error with /u.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    sarif = wrap(ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8'))));
  }
  return sarif(data);
}

let audit: ((data: unknown) => Validation) | undefined;
export function validateAuditJson(data: unknown): Validation {
  if (!audit) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    audit = wrap(ajv.compile(JSON.parse(readFileSync(AUDIT_SCHEMA_PATH, 'utf8'))));
  }
  return audit(data);
}
