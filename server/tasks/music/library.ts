/**
 * The Music library of one process (AppContext `music`): the catalogue file, the one query
 * runner (a child process, started on the first query), the scans under way, and the import.
 * Nothing is opened until first used, so a household that never uses the Music library has no
 * `music.sqlite` and no extra process. `close()` ends the runner's process and the connection.
 */
import { randomUUID } from 'node:crypto';
import type { MusicScan, MusicStats } from '#common/music';
import type { GenerationTool } from '#server/generation/tools';
import type { EventBus } from '#server/realtime/bus';
import { userChannel } from '#server/realtime/bus';
import { countCatalogue, importChinook, type ImportCounts } from './import-chinook';
import { CatalogueQueryRunner } from './runner';
import { scanFolder } from './scan';
import { catalogueFile, openCatalogue, readMeta, type Catalogue } from './store';
import { musicLibraryTool } from './tool';

/** How many finished scans are remembered for `GET /api/admin/music/scans/:id`. */
const KEPT_SCANS = 20;

type Deps = { dataDir: string; bus?: EventBus | undefined; onError?: (err: unknown) => void };

/** The household's music catalogue and what works on it. */
export class MusicLibrary {
  readonly file: string;
  private catalogue: Catalogue | undefined;
  private runner: CatalogueQueryRunner | undefined;
  private readonly scans = new Map<string, MusicScan>();

  constructor(private readonly deps: Deps) {
    this.file = catalogueFile(deps.dataDir);
  }

  /** The writable connection (creating the file and its tables on first use). */
  open(): Catalogue {
    return (this.catalogue ??= openCatalogue(this.deps.dataDir));
  }

  /** A fresh `query_music_library` tool for one reply (it counts that reply's failed queries). */
  tool(): GenerationTool {
    this.open(); // the read-only child needs the file to exist
    return musicLibraryTool((this.runner ??= new CatalogueQueryRunner(this.file)));
  }

  /** The catalogue's counts and when it was last scanned. */
  stats(): MusicStats {
    const catalogue = this.open();
    const lastScanAt = readMeta(catalogue, 'lastScanAt');
    return { ...countCatalogue(catalogue), ...(lastScanAt ? { lastScanAt } : {}) };
  }

  /** Replaces the catalogue with a Chinook-shaped file's contents (see import-chinook.ts). */
  importChinook(file: string): ImportCounts {
    return importChinook(this.open(), file);
  }

  /**
   * Starts scanning `folder` in the background; returns its id at once. Progress goes to the
   * admin who started it as WebSocket `music.scan` events.
   */
  startScan(folder: string, adminId: string | null): string {
    const id = randomUUID();
    const scan: MusicScan = {
      id,
      path: folder,
      status: 'running',
      ...{ seen: 0, added: 0, updated: 0, removed: 0, failed: [] },
      startedAt: new Date().toISOString(),
    };
    this.remember(scan);
    const announce = (done: boolean) => {
      if (!adminId || !this.deps.bus) return;
      const { seen, added, updated, removed, failed } = scan;
      const event = {
        type: 'music.scan' as const,
        scanId: id,
        seen,
        added,
        updated,
        removed,
        failed: failed.length,
        done,
      };
      this.deps.bus.publish(userChannel(adminId), event);
    };
    void scanFolder(this.open(), folder, {
      onProgress: (counts) => {
        Object.assign(scan, counts, { failed: [...counts.failed] });
        announce(false);
      },
    }).then(
      () => {
        Object.assign(scan, { status: 'done', finishedAt: new Date().toISOString() });
        announce(true);
      },
      (err: unknown) => {
        this.deps.onError?.(err);
        const error = err instanceof Error ? err.message : String(err);
        Object.assign(scan, { status: 'failed', finishedAt: new Date().toISOString(), error });
        announce(true);
      },
    );
    return id;
  }

  /** A scan this process started (running or among the last finished), or undefined. */
  getScan(id: string): MusicScan | undefined {
    const scan = this.scans.get(id);
    return scan ? { ...scan, failed: [...scan.failed] } : undefined;
  }

  /** Ends the query process and closes the catalogue. */
  close(): void {
    this.runner?.close();
    this.runner = undefined;
    this.catalogue?.close();
    this.catalogue = undefined;
  }

  private remember(scan: MusicScan): void {
    this.scans.set(scan.id, scan);
    for (const [id, old] of this.scans) {
      if (this.scans.size <= KEPT_SCANS) break;
      if (old.status !== 'running') this.scans.delete(id);
    }
  }
}
