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
 * - library.ts: `MusicLibrary`, AppContext `music`: the catalogue, one runner per process (closed
 *   with the app), background scans with `music.scan` progress, stats, import.
 * - scan.ts + scan-tags.ts: the scanner (music-metadata 11), incremental by size + mtime, in
 *   batches off the request path; file and folder names stand in for missing tags.
 * - prompt.ts: the music task's prompt, with the real schema and example queries (migration 0011
 *   gives the built-in task this prompt and the tool).
 * - import-file.ts, folders.ts, routes.ts (+ server/admin/music-routes.ts): the HTTP side.
 * - The tool reaches a reply through server/tasks/tool-registry.ts (the task lists it and the
 *   member is granted the task), on every send path and on /v1 (tool-provider.ts); models
 *   without tool calling get it as a fenced ```sql block (server/generation/text-tools.ts).
 */
export { countCatalogue, importChinook, type ImportCounts } from './import-chinook';
export { CatalogueQueryRunner, type QueryOutcome, type QueryResult, type RunnerOptions } from './runner';
export { CATALOGUE_TABLES, catalogueFile, openCatalogue, type Catalogue } from './store';
export { MUSIC_TOOL_NAME, musicLibraryTool } from './tool';
export { ALLOWED_FUNCTIONS, validateCatalogueQuery, type Validation } from './validate';
