// Completes package-lock.json with entries for optional, platform-specific packages that the
// registry mirror of this workplace does not serve (e.g. @biomejs/cli-darwin-arm64), so that
// `npm ci` accepts the lockfile. Each added entry is marked optional with the os/cpu/libc its name
// says, so npm skips it on every platform it does not fit and installs nothing from it.
// Run after `npm install` changes the lockfile: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = [
  'android',
  'darwin',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'win32',
  'linux',
  'openharmony',
  'cygwin',
];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32'];
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (pkgs[key] || pkgs[`${path}/${key}`]) continue;
    const parts = name.split('/').pop().split('-');
    const os = OS.find((o) => parts.includes(o)) ?? (parts.includes('win32') ? 'win32' : undefined);
    const cpu = CPU.find((c) => parts.includes(c)) ?? (parts.includes('x86') ? 'ia32' : undefined);
    if (!os && !cpu) continue;
    const entry = {
      version: range.replace(/^[\^~=]/, ''),
      optional: true,
      dev: meta.dev === true || undefined,
    };
    if (os) entry.os = [os];
    if (cpu) entry.cpu = [cpu];
    if (parts.includes('musl')) entry.libc = ['musl'];
    else if (parts.includes('gnu') || (os === 'linux' && !parts.includes('musl'))) entry.libc = ['glibc'];
    if (entry.dev === undefined) delete entry.dev;
    pkgs[key] = entry;
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
lock.packages = sorted;
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries`);
