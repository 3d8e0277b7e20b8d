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

  it('by default writes one batch at a time, of at most 64', async () => {
    const sizes: number[] = [];
    let inFlight = 0;
    let most = 0;
    const group = new GroupCommit<number, number>(async (items) => {
      sizes.push(items.length);
      most = Math.max(most, ++inFlight);
      await tick();
      inFlight--;
      return items;
    });
    await Promise.all(Array.from({ length: 100 }, (_, i) => group.submit(i)));
    expect(sizes).toEqual([1, 64, 35]);
    expect(most).toBe(1);
  });

  it('writes up to `parallel` batches at once, and no more', async () => {
    const started: number[][] = [];
    const gates: (() => void)[] = [];
    const group = new GroupCommit<number, number>(
      async (items) => {
        started.push(items);
        await new Promise<void>((r) => gates.push(r));
        return items;
      },
      { maxBatch: 2, parallel: 2 },
    );
    const all = [1, 2, 3, 4, 5].map((i) => group.submit(i));
    await tick();
    expect(started).toEqual([[1], [2]]); // two lone items, at once
    gates.shift()!();
    await tick();
    expect(started).toEqual([[1], [2], [3, 4]]);
    while (gates.length) {
      gates.shift()!();
      await tick();
    }
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4, 5]);
    expect(started).toEqual([[1], [2], [3, 4], [5]]);
  });

  it('fails a lone item with its own error, without writing it again', async () => {
    const calls: number[][] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      calls.push(items);
      throw new Error('constraint violated');
    });
    await expect(group.submit(7)).rejects.toThrow('constraint violated');
    expect(calls).toEqual([[7]]);
    expect(group.stats.retriedAlone).toBe(0);
  });

  it('refuses a write that returns the wrong number of results rather than mismatching them', async () => {
    const group = new GroupCommit<number, number>(async (items) => items.slice(1));
    await expect(group.submit(1)).rejects.toThrow('group commit: 0 results for 1 items');
  });

  it('counts batches, items, the largest batch and the items retried alone, for /health', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const group = new GroupCommit<number, number>(async (items) => {
      if (++calls === 1) await gate;
      if (items.length > 1 && items.includes(3)) throw new Error('bad');
      return items;
    });
    expect(group.stats).toEqual({ batches: 0, items: 0, largest: 0, retriedAlone: 0 });
    const first = group.submit(1);
    await tick();
    const rest = [2, 3, 4].map((i) => group.submit(i));
    release();
    await Promise.all([first, ...rest]);
    // [1], then [2, 3, 4] fails and its three items go alone.
    expect(group.stats).toEqual({ batches: 2, items: 4, largest: 3, retriedAlone: 3 });
  });
});
