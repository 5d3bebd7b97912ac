/**
 * The import route's body parser: Fastify's own JSON parser (same limits, same refusal of
 * `__proto__` and `constructor.prototype` keys), but a file that is empty, is not JSON, carries
 * such keys or is not sent as JSON gets an `import_*` answer that says so, instead of the
 * generic "body is not valid JSON" or "unsupported media type".
 */
import type { FastifyInstance } from 'fastify';
import { importInvalid, importUnrecognized } from './import-errors';

/** Why Fastify's parser refused `text`: not JSON at all, or JSON with prototype-polluting keys. */
function explain(text: string): Error {
  try {
    JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message.slice(0, 200) : 'it cannot be read';
    return importUnrecognized(
      `The file is not valid JSON (${reason}). Choose the export file itself, not a part of it.`,
    );
  }
  return importInvalid('', 'it has a "__proto__" or "constructor.prototype" key, which no export has');
}

/**
 * Replaces the body parsers in `app`'s own scope (the import route's plugin): JSON as above; any
 * other content type is read (so the body limit still answers 413) and refused.
 */
export function registerImportBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => {
    done(
      importUnrecognized(
        "Send the file's content as JSON (Content-Type: application/json): Hearth imports JSON exports only.",
      ),
      undefined,
    );
  });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(importUnrecognized('The file is empty.'), undefined);
      return;
    }
    // Fastify's parser answers through the callback (its type also allows a promise: none here).
    void parseJson(request, text, (err, value) => (err ? done(explain(text), undefined) : done(null, value)));
  });
}
