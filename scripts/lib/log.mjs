// Small logger for the operational scripts: every line is prefixed with the
// script's name ("[start] ...") and coloured when the stream is a terminal.
import process from 'node:process';

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 };

export function colourEnabled(stream = process.stdout) {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
}

export function paint(colour, text, stream = process.stdout) {
  if (!colour || !colourEnabled(stream)) return text;
  return `\x1b[${CODES[colour] ?? 0}m${text}\x1b[0m`;
}

/** An error meant for the user: printed without a stack trace, then the script exits with exitCode. */
export class Fatal extends Error {
  constructor(message, { exitCode = 1 } = {}) {
    super(message);
    this.name = 'Fatal';
    this.exitCode = exitCode;
  }
}

export function createLogger(name) {
  const tag = `[${name}]`;
  const write = (stream, colour, text) => {
    const prefix = paint(colour, tag, stream);
    for (const line of String(text).split('\n')) stream.write(`${prefix} ${line}\n`);
  };
  return {
    name,
    info: (text) => write(process.stdout, 'cyan', text),
    ok: (text) => write(process.stdout, 'green', text),
    warn: (text) => write(process.stderr, 'yellow', paint('yellow', text, process.stderr)),
    error: (text) => write(process.stderr, 'red', paint('red', text, process.stderr)),
    /** Lines printed as they are (banners), still one write per line. */
    raw: (text) => process.stdout.write(`${text}\n`),
  };
}

/** Runs a script's main(); Fatal errors print their message only, anything else (a bug) its stack. */
export function runMain(log, main) {
  main().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (err) => {
      if (err instanceof Fatal) {
        log.error(err.message);
        process.exit(err.exitCode);
      }
      log.error(err?.stack ?? String(err));
      process.exit(1);
    },
  );
}

export function formatDuration(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
