/** Reads until `ok` holds or `withinMs` passes; returns the last value read (the caller asserts on it). */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, withinMs = 5000, stepMs = 50): Promise<T> {
  const started = Date.now();
  let value = await read();
  while (!ok(value) && Date.now() - started < withinMs) {
    await new Promise((r) => setTimeout(r, stepMs));
    value = await read();
  }
  return value;
}
