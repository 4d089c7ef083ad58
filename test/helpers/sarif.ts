// Validates SARIF against the OASIS SARIF 2.1.0 schema (a draft-04 JSON Schema, checked in under
// test/schemas with its source), with ajv's draft-04 class and the standard formats.
import fs from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import {packageRoot} from '../../source/paths.js';

const schema = JSON.parse(fs.readFileSync(path.join(packageRoot, 'test', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
// Both are CommonJS: their classes and functions are the modules' `default` exports.
const ajv = new AjvDraft04.default({allErrors: true});
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** The schema's complaints about `document` (empty when it is valid SARIF 2.1.0). */
export function sarifErrors(document: unknown): string[] {
	return validate(document) ? [] : (validate.errors ?? []).map(error => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}
