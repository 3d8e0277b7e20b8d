// What both bench harnesses (platform.mjs, sync-harness.mjs) read of the machine: a free port, and CPU time from
// Linux's /proc — of one process, and of the whole machine.
import fs from 'node:fs';
import net from 'node:net';

/** Clock ticks per second in /proc (USER_HZ, 100 on Linux). */
export const TICKS_PER_S = 100;

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** CPU ticks (user + system) a process has used; null when it is gone or there is no /proc. */
export function processTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime
  } catch {
    return null;
  }
}

/** Total and idle (idle + iowait) ticks of the whole machine, all cores; null without /proc. */
export function machineTicks() {
  try {
    const ticks = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: ticks.reduce((a, b) => a + b, 0), idle: ticks[3] + (ticks[4] ?? 0) };
  } catch {
    return null;
  }
}
