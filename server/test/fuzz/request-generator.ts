/**
 * Requests derived from /openapi.json: for each operation, path parameters, query strings and
 * bodies generated from its schemas, mostly plausible and often broken on purpose (wrong types,
 * missing or extra fields, boundary and hostile strings, bad encodings). Deterministic for a
 * seed, so a failure can be replayed.
 */

type Schema = Record<string, unknown>;

export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. `/api/library/{id}`. */
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema; required: boolean }[];
  body: { schema: Schema; contentType: string } | null;
  /** Whether the route can be called without signing in (no 401 in its responses). */
  needsAuth: boolean;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** mulberry32: small, fast and good enough to pick test inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  'a',
  'Dune',
  'The Hobbit',
  'null',
  'undefined',
  '0',
  '-1',
  '1e309',
  'true',
  '%',
  '%00',
  '%zz',
  '../../etc/passwd',
  "' OR 1=1 --",
  '"; DROP TABLE books; --',
  '<script>alert(1)</script>',
  'a\u0000b',
  '\u0000',
  '\u001b[2J',
  'tab\there',
  'line\nbreak',
  'evil\u202Egpj.exe',
  '\u200B\u200B',
  '\uFEFF',
  '\ud800',
  '👩‍👩‍👧📚',
  'مريم',
  'Zoë Ünïcödé',
  '9780261102217',
  '978-0-261-10221-7',
  '0261102214',
  '2024-02-30',
  '2024-13-01',
  '2023-06-15',
  '2023',
  'x@example.test',
  'not-an-email',
  'https://example.test/cover.jpg',
  'http://169.254.169.254/latest/meta-data',
  'javascript:alert(1)',
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
];

function encode(text: string): string {
  try {
    return encode(text);
  } catch {
    // A lone surrogate has no UTF-8 form; send the bytes a careless client would.
    return '%ED%A0%80';
  }
}

export class RequestGenerator {
  readonly #random: () => number;

  constructor(seed: number) {
    this.#random = prng(seed);
  }

  chance(p: number): boolean {
    return this.#random() < p;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.#random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)] as T;
  }

  /** A value for `schema`; with `broken`, sometimes one that violates it. */
  value(schema: Schema, depth = 0): unknown {
    if (depth > 6) return null;
    if (this.chance(0.04)) return this.wrongType();
    const anyOf = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (anyOf && anyOf.length > 0) return this.value(this.pick(anyOf), depth + 1);
    if (Array.isArray(schema.enum) && schema.enum.length > 0) {
      return this.chance(0.9) ? this.pick(schema.enum) : this.pick(HOSTILE_STRINGS);
    }
    if ('const' in schema) return this.chance(0.9) ? schema.const : this.wrongType();
    let type = schema.type;
    if (Array.isArray(type)) type = this.pick(type);
    switch (type) {
      case 'string':
        return this.string(schema);
      case 'integer':
        return this.number(schema, true);
      case 'number':
        return this.number(schema, false);
      case 'boolean':
        return this.chance(0.5);
      case 'null':
        return null;
      case 'array':
        return this.array(schema, depth);
      case 'object':
        return this.object(schema, depth);
      default:
        return this.wrongType();
    }
  }

  wrongType(): unknown {
    return this.pick([
      null,
      true,
      0,
      -1,
      1.5,
      2 ** 53,
      'x',
      [],
      ['x'],
      {},
      { nested: { deeper: [1, 2, 3] } },
      '\u0000',
    ]);
  }

  string(schema: Schema): string {
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : 200;
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    const format = schema.format as string | undefined;
    const roll = this.#random();
    if (roll < 0.1) return 'x'.repeat(Math.min(max + 1, 100_001));
    if (roll < 0.15) return 'x'.repeat(Math.max(0, min - 1));
    if (roll < 0.55) return this.pick(HOSTILE_STRINGS);
    if (format === 'email') return `fuzz${this.int(0, 1_000_000)}@example.test`;
    if (format === 'date-time') return new Date(this.int(0, 2_000_000_000) * 1000).toISOString();
    if (format === 'uri') return this.pick(['https://example.test/a.jpg', 'http://127.0.0.1/x', 'ftp://x']);
    const pattern = String(schema.pattern ?? '');
    if (pattern.includes('[0-9]{4}-[0-9]{2}') || pattern.includes('\\d{4}')) {
      return `${this.int(1900, 2100)}-${String(this.int(1, 12)).padStart(2, '0')}-${String(this.int(1, 28)).padStart(2, '0')}`;
    }
    const alphabet = 'abcdefghijklmnopqrstuvwxyz_0123456789';
    const length = this.int(Math.max(min, 1), Math.max(Math.min(max, 24), Math.max(min, 1)));
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[this.int(0, alphabet.length - 1)];
    return text;
  }

  number(schema: Schema, integer: boolean): number {
    const min = typeof schema.minimum === 'number' ? schema.minimum : -1000;
    const max = typeof schema.maximum === 'number' ? schema.maximum : 1000;
    const roll = this.#random();
    if (roll < 0.1) return min - 1;
    if (roll < 0.2) return max + 1;
    if (roll < 0.25) return this.pick([0, -1, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308]);
    if (!integer && roll < 0.35) return this.int(Math.ceil(min * 2), Math.floor(Math.min(max, 1e6) * 2)) / 2;
    if (roll < 0.4) return this.int(1, 10) + 0.5;
    return this.int(Math.max(min, -1e6), Math.min(max, 1e6));
  }

  array(schema: Schema, depth: number): unknown[] {
    const items = (schema.items ?? {}) as Schema;
    const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : 5;
    const count = this.chance(0.05) ? maxItems + 1 : this.int(0, Math.min(maxItems, 4));
    return Array.from({ length: Math.min(count, 200) }, () => this.value(items, depth + 1));
  }

  object(schema: Schema, depth: number): Record<string, unknown> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required ?? []) as string[]);
    const out: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(properties)) {
      const include = required.has(name) ? this.chance(0.95) : this.chance(0.5);
      if (include) out[name] = this.value(property, depth + 1);
    }
    if (this.chance(0.05)) out[this.pick(['isAdmin', '__proto__', 'constructor', 'id', 'userId'])] = true;
    return out;
  }

  /** A path parameter as URL text: mostly small existing-looking ids, sometimes anything. */
  pathParam(schema: Schema, known: Record<string, number[]>): string {
    const type = schema.type;
    if (type === 'integer' || type === 'number') {
      const ids = Object.values(known).flat();
      if (this.chance(0.7) && ids.length > 0) return String(this.pick(ids));
      return this.pick(['0', '-1', '1.5', '99999999', '2147483648', 'abc', '1e3', '%20', '%', '%00', '']);
    }
    const value = this.chance(0.8) ? this.value(schema) : this.pick(HOSTILE_STRINGS);
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return this.chance(0.05) ? text : encode(text);
  }

  request(operation: Operation, known: Record<string, number[]>, token: string | null): FuzzRequest {
    let url = operation.path;
    for (const param of operation.pathParams) {
      url = url.replace(`{${param.name}}`, this.pathParam(param.schema, known) || 'x');
    }
    const query: string[] = [];
    for (const param of operation.queryParams) {
      if (!param.required && this.chance(0.5)) continue;
      const value = this.value(param.schema);
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      query.push(`${param.name}=${this.chance(0.95) ? encode(text) : text}`);
      if (this.chance(0.03)) query.push(`${param.name}=${encode(text)}`);
    }
    if (this.chance(0.03))
      query.push(`${this.pick(['junk', 'cursor', 'limit'])}=${this.pick(['1', '%', '-5'])}`);
    if (query.length > 0) url += `?${query.join('&')}`;

    const headers: Record<string, string> = {};
    if (token && (operation.needsAuth ? this.chance(0.95) : this.chance(0.5))) {
      headers.authorization = this.chance(0.97)
        ? `Bearer ${token}`
        : this.pick(['Bearer x', 'Basic abc', 'Bearer ']);
    }
    if (this.chance(0.02)) headers['x-request-id'] = this.pick(['ok-1', 'x'.repeat(300), 'a b']);

    const request: FuzzRequest = { method: operation.method.toUpperCase(), url, headers };
    if (operation.body) {
      if (operation.body.contentType === 'multipart/form-data') {
        Object.assign(request, this.multipart());
      } else {
        const roll = this.#random();
        if (roll < 0.05) {
          headers['content-type'] = 'application/json';
          request.payload = this.pick(['{', '{"a":', '[1,2', 'nul', '"\\ud800"', '{"a":1,"a":2}', '']);
        } else if (roll < 0.08) {
          headers['content-type'] = this.pick([
            'text/plain',
            'application/json; charset=utf-16',
            'application/xml',
          ]);
          request.payload = '{"x":1}';
        } else if (roll < 0.1) {
          headers['content-type'] = 'application/json';
          request.payload = `${'['.repeat(5000)}${']'.repeat(5000)}`;
        } else {
          headers['content-type'] = 'application/json';
          request.payload = JSON.stringify(this.value(operation.body.schema));
        }
      }
    }
    return request;
  }

  multipart(): { headers: Record<string, string>; payload: Buffer } {
    const boundary = `----fuzz${this.int(0, 1e9)}`;
    const roll = this.#random();
    if (roll < 0.3) {
      return {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.from('x'),
      };
    }
    if (roll < 0.4) return { headers: { 'content-type': 'multipart/form-data' }, payload: Buffer.from('x') };
    const field = this.chance(0.8) ? 'file' : 'other';
    const content = this.chance(0.5)
      ? Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
      : Buffer.from(this.pick(HOSTILE_STRINGS));
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;
    const tail = this.chance(0.8) ? `\r\n--${boundary}--\r\n` : '';
    return {
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([Buffer.from(head), content, Buffer.from(tail)]),
    };
  }
}

/** Every operation in an OpenAPI 3 document, with `$ref`s resolved. */
export function operationsOf(spec: Record<string, unknown>): Operation[] {
  const resolve = (node: unknown, seen = 0): Schema => {
    if (seen > 20 || node === null || typeof node !== 'object') return (node ?? {}) as Schema;
    const ref = (node as Schema).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      let target: unknown = spec;
      for (const part of ref.slice(2).split('/')) target = (target as Schema)?.[part];
      return resolve(target, seen + 1);
    }
    if (Array.isArray(node)) return node.map((n) => resolve(n, seen + 1)) as unknown as Schema;
    const out: Schema = {};
    for (const [k, v] of Object.entries(node)) out[k] = typeof v === 'object' ? resolve(v, seen + 1) : v;
    return out;
  };
  const operations: Operation[] = [];
  const paths = (spec.paths ?? {}) as Record<string, Record<string, Schema>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = resolve(raw);
      const parameters = (op.parameters ?? []) as Schema[];
      const content = ((op.requestBody as Schema | undefined)?.content ?? {}) as Record<string, Schema>;
      const contentType = Object.keys(content)[0];
      const responses = (op.responses ?? {}) as Record<string, unknown>;
      operations.push({
        method,
        path,
        pathParams: parameters
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: String(p.name), schema: (p.schema ?? {}) as Schema })),
        queryParams: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({
            name: String(p.name),
            schema: (p.schema ?? {}) as Schema,
            required: p.required === true,
          })),
        body: contentType ? { contentType, schema: (content[contentType]?.schema ?? {}) as Schema } : null,
        needsAuth: '401' in responses,
      });
    }
  }
  return operations;
}
