import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.map']);

export interface StaticFile {
  body: Buffer;
  gzipped?: Buffer;
  type: string;
  /** Vite's hashed assets never change under their name. */
  immutable: boolean;
}

/**
 * The built pages, read once into memory (a few megabytes) with a gzip copy of each text file made ahead, so a
 * request costs a map lookup. A path outside the folder is never served.
 */
export class StaticFiles {
  private readonly cache = new Map<string, StaticFile | null>();

  constructor(private readonly root: string) {}

  get available(): boolean {
    return existsSync(join(this.root, 'index.html'));
  }

  file(urlPath: string): StaticFile | null {
    if (this.cache.has(urlPath)) return this.cache.get(urlPath) ?? null;
    const found = this.read(urlPath);
    this.cache.set(urlPath, found);
    return found;
  }

  private read(urlPath: string): StaticFile | null {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    const full = normalize(join(this.root, decoded));
    if (!full.startsWith(this.root + sep) || !existsSync(full) || !statSync(full).isFile()) return null;
    const ext = extname(full);
    const body = readFileSync(full);
    return {
      body,
      gzipped: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body, { level: 9 }) : undefined,
      type: TYPES[ext] ?? 'application/octet-stream',
      immutable: decoded.startsWith('/assets/'),
    };
  }
}
