/**
 * Validates values against the official Webex OpenAPI 3.0 subsets in
 * test/fixtures/webex/openapi, with ajv. OpenAPI's dialect is converted
 * (`nullable`, `example`), and the messaging spec's known Attachment defect
 * (it describes an ECM file, not a card) and its Webhook event enum (which
 * lacks `all`) are corrected to Webex's behaviour.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const SPEC_DIR = join(import.meta.dirname, '../fixtures/webex/openapi');

type Json = Record<string, unknown>;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const loaded = new Map<string, Json>();
const compiled = new Map<string, ValidateFunction>();

/** OpenAPI 3.0 schema keywords turned into JSON Schema ones. */
function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'example' || key === 'examples') continue;
    out[key] = convert(value);
  }
  if (out.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
  }
  delete out.nullable;
  return out;
}

/** The card attachment Webex really sends and accepts. */
const CARD_ATTACHMENT = {
  type: 'object',
  required: ['contentType', 'content'],
  properties: {
    contentType: { type: 'string' },
    content: { type: 'object' },
  },
};

function loadSpec(specFile: string): Json {
  const known = loaded.get(specFile);
  if (known) return known;
  const path = isAbsolute(specFile) ? specFile : join(SPEC_DIR, specFile);
  const spec = convert(JSON.parse(readFileSync(path, 'utf8'))) as Json;
  const schemas = (spec.components as Json | undefined)?.schemas as
    | Json
    | undefined;
  const attachment = schemas?.Attachment as Json | undefined;
  if (schemas && attachment && JSON.stringify(attachment).includes('File')) {
    schemas.Attachment = CARD_ATTACHMENT;
  }
  // Webex accepts and lists `event: all` (wxc_sdk's enum has it); the
  // spec's Webhook enum omits it.
  const event = (
    (schemas?.Webhook as Json | undefined)?.properties as Json | undefined
  )?.event as { enum?: string[] } | undefined;
  if (event?.enum && !event.enum.includes('all')) event.enum.push('all');
  ajv.addSchema({ ...spec, $id: specFile });
  loaded.set(specFile, spec);
  return spec;
}

function validatorFor(specFile: string, pointer: string): ValidateFunction {
  const key = `${specFile}#${pointer}`;
  let validate = compiled.get(key);
  if (!validate) {
    loadSpec(specFile);
    validate = ajv.compile({ $ref: key });
    compiled.set(key, validate);
  }
  return validate;
}

function run(validate: ValidateFunction, value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(root)'} ${error.message ?? ''}`,
  );
}

/** Errors of `value` against `components.schemas[schemaName]`; [] if valid. */
export function validateAgainstSchema(
  specFile: string,
  schemaName: string,
  value: unknown,
): string[] {
  return run(
    validatorFor(specFile, `/components/schemas/${schemaName}`),
    value,
  );
}

/**
 * Errors of a response body against the operation's documented schema for
 * that status; throws when the spec documents no such response.
 */
export function validateResponse(
  specFile: string,
  path: string,
  method: string,
  status: number,
  body: unknown,
): string[] {
  const spec = loadSpec(specFile);
  const operation = (spec.paths as Json)[path] as Json | undefined;
  const response = (operation?.[method.toLowerCase()] as Json | undefined)
    ?.responses as Json | undefined;
  const documented = response?.[String(status)] as Json | undefined;
  if (!documented) {
    throw new Error(
      `${specFile} documents no ${status} for ${method.toUpperCase()} ${path}`,
    );
  }
  const content = documented.content as Json | undefined;
  if (!content?.['application/json']) {
    return body === undefined || body === '' || body === null
      ? []
      : ['(root) the spec documents no body for this response'];
  }
  const escaped = path.replaceAll('~', '~0').replaceAll('/', '~1');
  const pointer = `/paths/${escaped}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  return run(validatorFor(specFile, pointer), body);
}
