import { AjvCompiler } from '@fastify/ajv-compiler';

/**
 * Ajv options for every request part. No type coercion: a body that sends `true` where a number
 * belongs, a string where a list belongs, or null where text belongs is a 400, not quietly
 * changed into something else.
 */
export const AJV_OPTIONS = {
  removeAdditional: false,
  coerceTypes: false,
  useDefaults: true,
  allErrors: true,
} as const;

type Scalar = 'integer' | 'number' | 'boolean';
type ValidateFunction = ((data: unknown, context?: unknown) => boolean) & {
  errors?: unknown;
  schemaEnv?: unknown;
};
interface RouteSchema {
  schema?: unknown;
  method: string;
  url: string;
  httpPart?: string;
}

const INTEGER = /^-?(?:0|[1-9][0-9]{0,15})$/;
const NUMBER = /^-?(?:0|[1-9][0-9]{0,15})(?:\.[0-9]{1,15})?$/;

/**
 * Path parameters and query strings arrive as text. A schema property declared `integer`,
 * `number` or `boolean` is parsed from its plain spelling (`12`, `-3`, `2.5`, `true`, `false`)
 * before validation; anything else (`1e3`, `0x10`, ` 7`, `12abc`, a repeated key) stays as
 * sent and fails validation with the field named. Only those declared properties are touched,
 * and bodies are never converted.
 */
export function textParsers(schema: unknown): Map<string, (raw: string) => unknown> {
  const parsers = new Map<string, (raw: string) => unknown>();
  const properties = (schema as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties;
  if (!properties) return parsers;
  for (const [name, property] of Object.entries(properties)) {
    const type = property.type as Scalar | undefined;
    if (type === 'integer') parsers.set(name, (raw) => (INTEGER.test(raw) ? Number(raw) : raw));
    else if (type === 'number') parsers.set(name, (raw) => (NUMBER.test(raw) ? Number(raw) : raw));
    else if (type === 'boolean')
      parsers.set(name, (raw) => (raw === 'true' ? true : raw === 'false' ? false : raw));
  }
  return parsers;
}

/** Fastify's own Ajv compiler, with the explicit text parsing above for params and query strings. */
export function buildRequestValidator() {
  const fromPool = AjvCompiler();
  return (externalSchemas: Record<string, unknown>, options: unknown) => {
    const compile = (fromPool as unknown as (e: unknown, o: unknown) => (r: RouteSchema) => ValidateFunction)(
      externalSchemas,
      options,
    );
    return (route: RouteSchema): ValidateFunction => {
      const validate = compile(route);
      if (route.httpPart !== 'params' && route.httpPart !== 'querystring') return validate;
      const parsers = textParsers(route.schema);
      if (parsers.size === 0) return validate;
      const parseThenValidate: ValidateFunction = (data, context) => {
        if (data !== null && typeof data === 'object') {
          const record = data as Record<string, unknown>;
          for (const [name, parse] of parsers) {
            const raw = record[name];
            if (typeof raw === 'string') record[name] = parse(raw);
          }
        }
        const valid = validate(data, context);
        parseThenValidate.errors = validate.errors;
        return valid;
      };
      parseThenValidate.schemaEnv = validate.schemaEnv;
      return parseThenValidate;
    };
  };
}
