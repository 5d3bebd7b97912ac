/**
 * Checks of the files in deploy/ with the real tools this machine has: systemd-analyze (units),
 * systemd-sysusers / systemd-tmpfiles against a scratch root (the Arch package's user and data
 * dir), shellcheck (the PKGBUILD's functions and install hooks), and the YAML parser for the
 * compose file. hadolint and namcap are not packaged for Debian, so the Dockerfile gets the
 * few rules of theirs that matter here, written out below.
 *
 * Run by `npm run test:deploy` (CI installs shellcheck); not part of `npm test`, which must pass
 * on a machine with nothing but Node.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const deployDir = fileURLToPath(new URL('../../deploy/', import.meta.url));
const archDir = path.join(deployDir, 'arch');

function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-deploy-'));
}

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`${command} is not installed here (${result.error.message})`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('systemd units', () => {
  const units = fs.readdirSync(deployDir).filter((f) => /\.(service|timer)$/.test(f));

  it('ships the server unit', () => {
    expect(units).toContain('hearth.service');
  });

  it.each(units)('%s passes systemd-analyze verify without a warning', (unit) => {
    // Verify in a scratch folder holding every unit, so a timer finds its service.
    const dir = scratchDir();
    for (const u of units) fs.copyFileSync(path.join(deployDir, u), path.join(dir, u));
    const { status, output } = run('systemd-analyze', ['verify', path.join(dir, unit)]);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('the Arch variant of the unit (paths under /usr/lib/hearth) verifies too', () => {
    const dir = scratchDir();
    const text = fs
      .readFileSync(path.join(deployDir, 'hearth.service'), 'utf8')
      .replaceAll('/opt/hearth', '/usr/lib/hearth');
    fs.writeFileSync(path.join(dir, 'hearth.service'), text);
    const { status, output } = run('systemd-analyze', ['verify', path.join(dir, 'hearth.service')]);
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});

describe('Arch package', () => {
  it('sysusers.d makes the hearth user, and tmpfiles.d a private data dir it owns', () => {
    const root = scratchDir();
    fs.mkdirSync(path.join(root, 'etc'));
    execFileSync('systemd-sysusers', [`--root=${root}`, path.join(archDir, 'hearth.sysusers')], { stdio: 'pipe' });
    const passwd = fs.readFileSync(path.join(root, 'etc/passwd'), 'utf8');
    const entry = passwd.split('\n').find((line) => line.startsWith('hearth:'));
    expect(entry).toBeDefined();
    const [, , uid, , , home, shell] = entry!.split(':');
    expect(home).toBe('/var/lib/hearth');
    expect(shell).toMatch(/nologin/);

    execFileSync('systemd-tmpfiles', [`--root=${root}`, '--create', path.join(archDir, 'hearth.tmpfiles')], {
      stdio: 'pipe',
    });
    const stat = fs.statSync(path.join(root, 'var/lib/hearth'));
    expect(stat.isDirectory()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o700);
    expect(String(stat.uid)).toBe(uid);
  });

  it('the daily backup script passes shellcheck', () => {
    const { status, output } = run('shellcheck', [path.join(deployDir, 'hearth-backup.sh')]);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('the PKGBUILD and its install hooks pass shellcheck', () => {
    // SC2034: makepkg reads the metadata variables; SC2154: makepkg sets srcdir/pkgdir/startdir.
    const { status, output } = run('shellcheck', [
      '--shell=bash',
      '--exclude=SC2034,SC2154',
      path.join(archDir, 'PKGBUILD'),
      path.join(archDir, 'hearth.install'),
    ]);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('the PKGBUILD declares what makepkg needs and installs where the unit expects', () => {
    const script = `source ${JSON.stringify(path.join(archDir, 'PKGBUILD'))}
for v in pkgname pkgver pkgrel pkgdesc; do printf '%s=%s\\n' "$v" "\${!v}"; done
printf 'arch=%s\\n' "\${arch[*]}"; printf 'depends=%s\\n' "\${depends[*]}"
declare -F prepare build check package`;
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(out).toMatch(/^pkgname=hearth$/m);
    expect(out).toMatch(/^pkgver=\d+\.\d+\.\d+$/m);
    expect(out).toMatch(/^arch=.*x86_64/m);
    expect(out).toMatch(/^depends=.*nodejs/m);
    for (const fn of ['prepare', 'build', 'check', 'package']) expect(out).toMatch(new RegExp(`^${fn}$`, 'm'));
    const pkgbuild = fs.readFileSync(path.join(archDir, 'PKGBUILD'), 'utf8');
    expect(pkgbuild).toContain('/usr/lib/systemd/system/hearth.service');
    expect(pkgbuild).toContain('/usr/lib/sysusers.d/hearth.conf');
    expect(pkgbuild).toContain('/usr/lib/tmpfiles.d/hearth.conf');
    const pkgVersion = (
      JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    ).version;
    expect(out).toContain(`pkgver=${pkgVersion}`);
  });
});

describe('container', () => {
  const dockerfile = fs.readFileSync(path.join(deployDir, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages = instructions.reduce<string[][]>((acc, line) => {
    if (/^FROM\s/i.test(line)) acc.push([]);
    acc.at(-1)?.push(line);
    return acc;
  }, []);
  const finalStage = stages.at(-1) ?? [];

  it('is multi-stage, from pinned Node images (not :latest)', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]).toMatch(/^FROM node:\d+-[a-z-]+(\s+AS\s+\w+)?$/i);
  });

  it('runs as a non-root user with the data dir as a volume', () => {
    const user = finalStage.filter((l) => /^USER\s/i.test(l)).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/\broot\b|\s0$/);
    expect(finalStage.some((l) => /^VOLUME\s.*\/data/.test(l))).toBe(true);
    expect(finalStage.some((l) => /^ENV\s.*HEARTH_DATA_DIR=\/data/.test(l))).toBe(true);
  });

  it('checks its health on /healthz and uses exec-form commands (hadolint DL3025)', () => {
    const health = finalStage.find((l) => /^HEALTHCHECK\s/i.test(l));
    expect(health).toMatch(/\/healthz/);
    for (const line of finalStage.filter((l) => /^(CMD|ENTRYPOINT)\s/i.test(l))) expect(line).toMatch(/^\w+\s+\[/);
  });

  it('follows the hadolint rules that apply: no ADD, no sudo, no apt without cleanup', () => {
    expect(instructions.some((l) => /^ADD\s/i.test(l))).toBe(false); // DL3020
    expect(dockerfile).not.toMatch(/\bsudo\b/); // DL3004
    expect(dockerfile).not.toMatch(/apt-get install(?![^\n]*--no-install-recommends)/); // DL3015
  });

  it('compose file: Hearth with a named data volume, Ollama optional behind a profile', () => {
    const compose = parseYaml(fs.readFileSync(path.join(deployDir, 'compose.yaml'), 'utf8')) as {
      services: Record<string, { build?: { dockerfile: string }; volumes?: string[]; profiles?: string[] }>;
      volumes: Record<string, unknown>;
    };
    const hearth = compose.services.hearth!;
    expect(hearth.build?.dockerfile).toBe('deploy/Dockerfile');
    expect(hearth.volumes).toContain('hearth-data:/data');
    expect(compose.services.ollama?.profiles).toEqual(['ollama']);
    expect(Object.keys(compose.volumes)).toContain('hearth-data');
  });

  it('the docker ignore file keeps local data and build output out of the image', () => {
    const ignore = fs.readFileSync(new URL('../../.dockerignore', import.meta.url), 'utf8').split('\n');
    for (const entry of ['node_modules', 'data', 'dist']) expect(ignore).toContain(entry);
  });
});

describe('nginx example', () => {
  const conf = fs.readFileSync(path.join(deployDir, 'nginx.conf'), 'utf8');

  it('passes WebSocket upgrades and does not buffer streamed replies', () => {
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(conf).toMatch(/proxy_buffering off;/);
    expect(conf).toMatch(/proxy_http_version 1\.1;/);
  });

  it('accepts uploads as large as Hearth does by default (25 MB)', () => {
    const size = /client_max_body_size (\d+)m;/.exec(conf);
    expect(Number(size?.[1])).toBeGreaterThanOrEqual(25);
  });
});
