/** `hearth doctor [--json]`: checks the setup and says how to fix what is wrong; exit 0 only when all pass. */
import type { Command } from 'commander';
import { CliError, say, type CliIo } from '#cli/io';

export function addDoctorCommand(program: Command, io: CliIo): void {
  program
    .command('doctor')
    .description('Check the configuration, data dir, database, model servers and port, and say how to fix problems')
    .option('--json', 'print the findings as JSON (for scripts)')
    .action(async (options: { json?: boolean }) => {
      const { runDoctor } = await import('#server/ops/doctor/index');
      const findings = await runDoctor(io.env);
      const ok = findings.every((f) => f.ok);
      if (options.json === true) {
        say(io.stdout, JSON.stringify({ ok, findings }));
      } else {
        for (const f of findings) {
          say(io.stdout, `${f.ok ? '✓' : '✗'} ${f.check}: ${f.detail}`);
          if (f.fix) say(io.stdout, `    Fix: ${f.fix}`);
        }
        const failed = findings.filter((f) => !f.ok).length;
        say(io.stdout, ok ? '\nAll checks passed.' : `\n${failed} check(s) failed: see the fixes above.`);
      }
      // The findings are printed already: only the exit code is left to say.
      if (!ok) throw new CliError('', 1);
    });
}
