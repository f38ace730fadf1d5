/**
 * A readable device and browser from a User-Agent string, for the session list ("Firefox on
 * Linux"). Deliberately small: the session list needs a recognisable name, not a full parser,
 * and a wrong guess costs nothing but a label. Order matters: Edge and Opera say "Chrome" too,
 * Chrome says "Safari".
 */
export function describeUserAgent(ua: string | null): { browser: string; device: string } {
  if (!ua) return { browser: 'Unknown browser', device: 'Unknown device' };
  const browser = /\bEdg(e|A|iOS)?\//.test(ua)
    ? 'Edge'
    : /\b(OPR|Opera)\//.test(ua)
      ? 'Opera'
      : /\b(Firefox|FxiOS)\//.test(ua)
        ? 'Firefox'
        : /\b(Chrome|CriOS|Chromium)\//.test(ua)
          ? 'Chrome'
          : /\bVersion\/[\d.]+.*Safari\//.test(ua)
            ? 'Safari'
            : /^curl\//.test(ua)
              ? 'curl'
              : /\bbook-tracker\b/.test(ua)
                ? 'Book Tracker'
                : 'Other browser';
  const os = /\b(iPhone)\b/.test(ua)
    ? 'iPhone'
    : /\biPad\b/.test(ua)
      ? 'iPad'
      : /\bAndroid\b/.test(ua)
        ? /\bMobile\b/.test(ua)
          ? 'Android phone'
          : 'Android tablet'
        : /\bCrOS\b/.test(ua)
          ? 'ChromeOS'
          : /\bWindows\b/.test(ua)
            ? 'Windows'
            : /\bMac OS X\b|\bMacintosh\b/.test(ua)
              ? 'Mac'
              : /\bLinux\b/.test(ua)
                ? 'Linux'
                : 'Unknown device';
  return { browser, device: os };
}

/**
 * Where a session came from, without a location database: the kind of network and the address
 * range (the last part hidden), which is enough to tell "my home" from "somewhere else".
 */
export function describePlace(ip: string | null): string {
  if (!ip) return 'Unknown place';
  const v4 = ip.replace(/^::ffff:/, '');
  if (v4 === '127.0.0.1' || v4 === '::1' || v4 === 'localhost') return 'This computer';
  const parts = v4.split('.');
  if (parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p))) {
    const [a, b] = parts.map(Number) as [number, number];
    const range = `${parts.slice(0, 3).join('.')}.x`;
    const local = a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
    if (a === 100 && b >= 64 && b <= 127) return `Carrier network (${range})`;
    return local ? `Local network (${range})` : `Internet address ${range}`;
  }
  if (/^f[cd]/i.test(ip)) return 'Local network (IPv6)';
  const groups = ip.split(':').filter(Boolean).slice(0, 3).join(':');
  return `Internet address ${groups}::/48`;
}
