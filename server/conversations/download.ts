/**
 * File names for downloads: a safe ASCII name (any browser, any file system, any zip tool) and,
 * in `Content-Disposition`, the real title as `filename*` (RFC 6266 / RFC 5987) for browsers
 * that show it.
 */

import { safeDownloadName } from '#server/security/download-name';

/** Lone UTF-16 surrogates → U+FFFD (they cannot be percent-encoded). */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** `Garden plans: Spring 2024 ✿` → `garden-plans-spring-2024`; letters lose their accents; `fallback` when nothing is left. */
export function safeFileName(title: string, fallback = 'conversation', max = 60): string {
  const ascii = wellFormed(title)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = ascii.slice(0, max).replace(/-+$/, '');
  return cut || fallback;
}

/** RFC 5987 percent-encoding (encodeURIComponent leaves a few characters that it must not). */
const rfc5987 = (s: string) =>
  encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment; filename="<safe>.<ext>"; filename*=UTF-8''<title>.<ext>`: the title kept whole
 * (without path separators, control and bidi characters) for browsers that read `filename*`.
 */
export function attachment(title: string, ext: string, fallback?: string): string {
  const safe = `${safeFileName(title, fallback)}.${ext}`;
  // No control, bidi or path characters (security/download-name.ts).
  const readable = safeDownloadName(title);
  return readable
    ? `attachment; filename="${safe}"; filename*=UTF-8''${rfc5987(`${readable}.${ext}`)}`
    : `attachment; filename="${safe}"`;
}
