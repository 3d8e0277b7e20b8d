// aptInstall(): installs Debian packages that a test run needs (Chromium, libfaketime) when this process is root on
// a machine with apt-get; otherwise stops with the caller's instructions. One place for the rule "install it when we
// may, else say how", so every package the scripts install follows it.
import process from 'node:process';

import { Fatal } from './log.mjs';
import { capture, exitCodeForSignal, interrupted, run } from './proc.mjs';

let updated = false;

export async function aptInstall({ log, packages, why, howToInstall }) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = (await capture('sh', ['-c', 'command -v apt-get'])).code === 0;
  if (!root || !apt) {
    throw new Fatal(
      `${howToInstall}\n(${!apt ? 'apt-get was not found' : 'not running as root'}, so npm test does not install it itself.)`,
    );
  }
  log.info(`Installing Debian's ${packages.join(', ')} with apt-get (${why})…`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const steps = [...(updated ? [] : [['update', '-qq']]), ['install', '-y', '-qq', '--no-install-recommends', ...packages]];
  for (const args of steps) {
    const code = await run('apt-get', args, { env: aptEnv });
    if (interrupted())
      throw new Fatal(`Interrupted while installing ${packages.join(', ')}.`, { exitCode: exitCodeForSignal(interrupted()) });
    if (code !== 0) throw new Fatal(`apt-get ${args.join(' ')} failed (exit code ${code}); see its output above.\n${howToInstall}`);
    if (args[0] === 'update') updated = true;
  }
}
