/** Nest's names for pino's levels, as the human format has always shown them. */
const LEVELS: Record<number, string> = { 10: 'VERBOSE', 20: 'DEBUG', 30: 'LOG', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Fields the short line shows in its own way, or leaves to the JSON format (headers, variables). */
const SHOWN_APART = new Set(['level', 'time', 'pid', 'hostname', 'app', 'context', 'msg', 'err', 'headers', 'variables']);
/** What a request line's message already says. */
const IN_REQUEST_MESSAGE = new Set(['method', 'route', 'operation', 'status', 'durationMs']);

const two = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * One JSON line of pino as a person reads it (LOG_FORMAT=pretty):
 * `14:03:07.412    LOG [QueueWorkers] applied ReportSubmitted  eventId=… requestId=…`, an error's stack below it.
 */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const at = new Date(typeof entry.time === 'number' ? entry.time : Date.now());
  const time = `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${two(at.getMilliseconds(), 3)}`;
  const level = (LEVELS[entry.level as number] ?? String(entry.level)).padStart(7);
  const context = entry.context ? ` [${String(entry.context)}]` : '';
  const fields = Object.entries(entry)
    .filter(([k, v]) => !SHOWN_APART.has(k) && !(entry.route && IN_REQUEST_MESSAGE.has(k)) && v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n${err.stack ?? err.message ?? JSON.stringify(err)}` : '';
  return `${time} ${level}${context} ${String(entry.msg ?? '')}${fields.length ? `  ${fields.join(' ')}` : ''}${stack}\n`;
}
