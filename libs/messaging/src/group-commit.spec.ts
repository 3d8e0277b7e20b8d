import { GroupCommit } from './group-commit.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('starts a lone item at once, and batches what arrives while a write is in flight', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const group = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items.map((i) => i * 10);
    });
    const first = group.submit(1);
    await tick();
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((i) => group.submit(i));
    await tick();
    expect(batches).toEqual([[1]]); // waiting for the write in flight
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps batches within maxBatch', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit<number, number>(async (items) => (sizes.push(items.length), items), { maxBatch: 3, parallel: 1 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => group.submit(i)));
    expect(sizes).toEqual([1, 3, 3, 1]); // the first starts alone, at once
  });

  it('when a batch fails, retries its items one by one: only the bad one fails', async () => {
    const calls: number[][] = [];
    const group = new GroupCommit<number, string>(async (items) => {
      calls.push(items);
      if (items.includes(2)) throw new Error('bad item 2');
      return items.map((i) => `ok ${i}`);
    });
    const results = await Promise.allSettled([1, 2, 3].map((i) => group.submit(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['ok 1', 'bad item 2', 'ok 3']);
    expect(calls).toEqual([[1], [2, 3], [2], [3]]);
  });
});
