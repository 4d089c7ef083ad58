// Validates `--report json` against the report's own JSON schema (draft-07, test/schemas/report.schema.json).
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {packageRoot} from '../../source/paths.js';

const schema = JSON.parse(fs.readFileSync(path.join(packageRoot, 'test', 'schemas', 'report.schema.json'), 'utf8')) as Record<string, unknown>;
// Both are CommonJS: their classes and functions are the modules' `default` exports.
const ajv = new Ajv.default({allErrors: true, allowUnionTypes: true});
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** The schema's complaints about `document` (empty when it is a valid report). */
export function reportErrors(document: unknown): string[] {
	return validate(document) ? [] : (validate.errors ?? []).map(error => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}
