// Redis helpers for the scripts (ioredis is imported lazily, after ensureDependencies()).

const GLOB_SPECIAL = /[*?[\]\\]/g;

/**
 * Deletes every key `<prefix>:*`, and `<prefix>-*` (the prefixes a test run derives from its own: its workers', its
 * files'), with SCAN + UNLINK; returns how many were deleted.
 */
export async function deleteKeysWithPrefix(redisUrl, prefix) {
  if (!prefix || prefix.includes('*')) throw new Error(`refusing to delete keys for prefix "${prefix}"`);
  const { Redis } = await import('ioredis');
  const client = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => {});
  await client.connect();
  let deleted = 0;
  try {
    const escaped = prefix.replace(GLOB_SPECIAL, '\\$&');
    for (const match of [`${escaped}:*`, `${escaped}-*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', match, 'COUNT', 1000);
        cursor = next;
        if (keys.length) deleted += await client.unlink(...keys);
      } while (cursor !== '0');
    }
  } finally {
    client.disconnect();
  }
  return deleted;
}
