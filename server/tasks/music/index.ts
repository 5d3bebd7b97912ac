/**
 * The Music library (issue 12): the household's music catalogue and the tool the `music` task's
 * model uses to answer from it.
 *
 * What exists:
 * - store.ts: the catalogue's own SQLite file, `<dataDir>/music.sqlite`, and its schema (names
 *   fixed by API.md), created here, not by Hearth's migrations.
 * - import-chinook.ts: `importChinook` replaces the catalogue with a Chinook-shaped file, in one
 *   transaction; `countCatalogue` gives the counts (for `GET /api/music/stats`).
 * - validate.ts: `validateCatalogueQuery`, a real parser's check (one SELECT/WITH statement, the
 *   catalogue's tables only, allow-listed functions only).
 * - runner.ts + query-child.ts: `CatalogueQueryRunner` runs queries in a warm child process on a
 *   read-only, `query_only` connection to the catalogue file alone; 200 rows (`truncated`), and a
 *   2 s limit enforced by killing the process. Works under tsx/vitest and in the one-file bundle
 *   (the child is `node -e` with a plain-JavaScript string, so no file path must resolve and no
 *   bundler or tsx helper can break it; checked by hand with a bundle of the runner and with tsx).
 * - tool.ts: `musicLibraryTool(runner)`, the `query_music_library` GenerationTool.
 *
 * What is left (for the session that wires it in):
 * - one runner per process in `createContext` (closed on shutdown), the tool offered only in the
 *   `music` task, permissions (members granted the task), the prompt with the schema and examples,
 *   the plain-text ```sql fallback and the one retry on `sql_error`;
 * - routes (`/api/music/stats`, admin import and scan), `hearth music import|scan`, the scanner
 *   with music-metadata, the web app's "How I found this", the bench (`npm run bench:music`).
 */
export { countCatalogue, importChinook, type ImportCounts } from './import-chinook';
export { CatalogueQueryRunner, type QueryOutcome, type QueryResult, type RunnerOptions } from './runner';
export { CATALOGUE_TABLES, catalogueFile, openCatalogue, type Catalogue } from './store';
export { MUSIC_TOOL_NAME, musicLibraryTool } from './tool';
export { ALLOWED_FUNCTIONS, validateCatalogueQuery, type Validation } from './validate';
