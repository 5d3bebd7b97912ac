/** How a failed client command ends: its message on stderr, its exit code. */
import { CliError, type CliIo } from '../io';
import { EXIT } from './exit-codes';

/** Prints `err` as `hearth: …` (nothing for an empty message) and returns the exit code. */
export function reportFailure(err: unknown, io: CliIo): number {
  if (err instanceof CliError) {
    if (err.message) io.stderr.write(`hearth: ${err.message}\n`);
    return err.exitCode;
  }
  io.stderr.write(`hearth: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT.failed;
}
