import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Fetching a URL someone else chose (a provider's cover link, a reader's cover address) without
 * letting it reach into our network (SSRF): the host is resolved first and every address it has
 * must be public; the connection is pinned to the address that was checked (no second lookup a
 * rebinding DNS server could answer differently); every redirect is checked again the same way;
 * the body is capped and the whole exchange has one deadline.
 */

/** Address ranges no fetch may reach: private, loopback, link-local (cloud metadata), reserved. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** `::ffff:a.b.c.d` is an IPv4 address in IPv6 clothing: judge the IPv4 one. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIPv4(address) ? 'ipv4' : 'ipv6' };
}

export type AddressKind = 'public' | 'loopback' | 'private';

export function addressKind(raw: string): AddressKind {
  if (!isIPv4(raw) && !isIPv6(raw)) return 'private';
  const { address, family } = unmapped(raw);
  if (LOOPBACK.check(address, family)) return 'loopback';
  return NOT_PUBLIC.check(address, family) ? 'private' : 'public';
}

/** Why a fetch was refused or failed; `permanent` when trying again later cannot help. */
export class PublicFetchError extends Error {
  readonly permanent: boolean;
  readonly code: string;
  constructor(code: string, message: string, permanent: boolean) {
    super(message);
    this.name = 'PublicFetchError';
    this.code = code;
    this.permanent = permanent;
  }
}

export interface PublicFetchOptions {
  /** The largest body read; a larger one is refused (declared or counted). */
  maxBytes: number;
  /** One deadline for the lookups, the redirects and the body. */
  timeoutMs: number;
  maxRedirects?: number;
  /**
   * Tests and development only: loopback addresses (and plain http to them) are allowed, so a
   * local HTTP server can stand in for the outside world. Private ranges stay refused.
   */
  allowLoopback?: boolean;
  userAgent?: string;
}

export interface PublicFetchResult {
  body: Buffer;
  contentType: string | null;
  /** Where the body finally came from, after redirects. */
  url: string;
}

/** The checked address to connect to, or a refusal. */
async function checkedAddress(url: URL, allowLoopback: boolean): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = await dnsLookup(host, { all: true, verbatim: true });
  } catch (err) {
    throw new PublicFetchError(
      'dns_failed',
      `${host} could not be resolved: ${(err as { code?: string }).code ?? String(err)}`,
      false,
    );
  }
  if (addresses.length === 0) throw new PublicFetchError('dns_failed', `${host} has no address`, false);
  for (const { address } of addresses) {
    const kind = addressKind(address);
    if (kind === 'public' || (kind === 'loopback' && allowLoopback)) continue;
    throw new PublicFetchError(
      'address_refused',
      `${host} resolves to a non-public address (${address})`,
      true,
    );
  }
  const first = addresses[0] as { address: string; family: number };
  const loopbackOnly = addressKind(first.address) === 'loopback';
  if (url.protocol === 'http:' && !(allowLoopback && loopbackOnly)) {
    throw new PublicFetchError('https_required', `only https addresses are fetched (${url.host})`, true);
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

function get(url: URL, pinned: { address: string; family: 4 | 6 }, signal: AbortSignal, userAgent: string) {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).get(
      url,
      {
        signal,
        headers: {
          accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1',
          'user-agent': userAgent,
        },
        // Connect to the address that was checked, whatever DNS says now.
        lookup: (_hostname, options, callback) => {
          if ((options as { all?: boolean }).all) {
            (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
              pinned,
            ]);
          } else {
            callback(null, pinned.address, pinned.family);
          }
        },
      },
      resolve,
    );
    request.on('error', reject);
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new PublicFetchError('too_large', `the body is ${declared} bytes, more than ${maxBytes}`, true);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.destroy();
      throw new PublicFetchError('too_large', `the body is more than ${maxBytes} bytes`, true);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** GETs `raw` as described above. Throws PublicFetchError for every refusal and failure. */
export async function fetchPublic(raw: string, options: PublicFetchOptions): Promise<PublicFetchResult> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const userAgent = options.userAgent ?? 'BookTracker/0.1 (self-hosted reading tracker)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PublicFetchError('bad_url', 'not a URL', true);
  }
  try {
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new PublicFetchError(
          'https_required',
          `only https addresses are fetched (${url.protocol})`,
          true,
        );
      }
      if (url.username || url.password) {
        throw new PublicFetchError('bad_url', 'addresses with credentials are not fetched', true);
      }
      const pinned = await checkedAddress(url, options.allowLoopback ?? false);
      const response = await get(url, pinned, deadline, userAgent);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location) {
        response.resume();
        if (hop >= (options.maxRedirects ?? 3)) {
          throw new PublicFetchError('too_many_redirects', 'too many redirects', true);
        }
        url = new URL(location, url);
        continue;
      }
      if (status !== 200) {
        response.resume();
        const permanent =
          status === 404 || status === 410 || (status >= 400 && status < 500 && status !== 429);
        throw new PublicFetchError('http_status', `answered HTTP ${status}`, permanent);
      }
      const body = await readCapped(response, options.maxBytes);
      const contentType = response.headers['content-type'] ?? null;
      return { body, contentType, url: url.toString() };
    }
  } catch (err) {
    if (err instanceof PublicFetchError) throw err;
    if (deadline.aborted) {
      throw new PublicFetchError('timeout', `no complete answer within ${options.timeoutMs} ms`, false);
    }
    const code = (err as { code?: string }).code ?? 'network';
    throw new PublicFetchError('network', `could not be fetched (${code})`, false);
  }
}
