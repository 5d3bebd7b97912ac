/**
 * The readable name of a file a member downloads (a chat export, an uploaded file), made safe:
 * no control characters, no path separators, and no bidirectional-text controls. Those last
 * (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C) can make `invoice‮fdp.exe` show as
 * `invoiceexe.pdf` in a download bar, hiding what the file really is.
 * Use it for every `Content-Disposition` name built from text a person chose.
 */

/** Bidi embeddings, overrides and isolates, the directional marks, and the Arabic letter mark. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
// eslint-disable-next-line no-control-regex -- control characters are what is removed
const CONTROL_AND_SEPARATORS = /[\u0000-\u001f\u007f-\u009f/\\]+/g;
/** Lone UTF-16 surrogates (they cannot be percent-encoded in a header). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `name` cleaned for a download: bidi controls removed, control characters and slashes turned
 * into spaces, whitespace collapsed, leading dots dropped (no hidden files), cut to `max`
 * characters. Empty when nothing readable is left (the caller falls back to its own name).
 */
export function safeDownloadName(name: string, max = 120): string {
  const cleaned = name
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(BIDI_CONTROLS, '')
    .replace(CONTROL_AND_SEPARATORS, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .trim();
  return Array.from(cleaned).slice(0, max).join('').trim();
}
