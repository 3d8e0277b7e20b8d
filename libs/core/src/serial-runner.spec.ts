import { SerialRunner } from './serial-runner.js';

/** A task whose runs end when the test says so, counting how many started and how many ran at once. */
function gatedTask() {
  const gates: (() => void)[] = [];
  const state = { started: 0, concurrent: 0, maxConcurrent: 0 };
  const task = () => {
    state.started++;
    state.concurrent++;
    state.maxConcurrent = Math.max(state.maxConcurrent, state.concurrent);
    return new Promise<void>((resolve) => gates.push(() => (state.concurrent--, resolve())));
  };
  const finishNext = async () => {
    gates.shift()!();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { task, state, finishNext };
}

describe('SerialRunner', () => {
  it('runs once per trigger when idle, and one more (not one per trigger) when triggered while running', async () => {
    const { task, state, finishNext } = gatedTask();
    const runner = new SerialRunner(task, () => undefined);
    runner.trigger();
    expect(state.started).toBe(1);
    expect(runner.busy).toBe(true);
    runner.trigger();
    runner.trigger();
    runner.trigger();
    expect(state.started).toBe(1);
    await finishNext();
    expect(state.started).toBe(2);
    await finishNext();
    expect(state.started).toBe(2);
    expect(runner.busy).toBe(false);
    expect(state.maxConcurrent).toBe(1);
    runner.trigger();
    expect(state.started).toBe(3);
  });

  it('reports a failed run and runs again on the next trigger', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const runner = new SerialRunner(
      async () => {
        calls++;
        if (calls === 1) throw new Error('boom');
      },
      (e) => errors.push(e),
    );
    runner.trigger();
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toEqual([new Error('boom')]);
    expect(runner.busy).toBe(false);
    runner.trigger();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('tells when it goes idle, and starts nothing after stop()', async () => {
    const { task, state, finishNext } = gatedTask();
    let idle = 0;
    const runner = new SerialRunner(
      task,
      () => undefined,
      () => idle++,
    );
    runner.trigger();
    runner.trigger();
    await finishNext();
    expect(idle).toBe(0);
    const stopped = runner.stop();
    await finishNext();
    await stopped;
    expect(state.started).toBe(2);
    runner.trigger();
    expect(state.started).toBe(2);
    expect(runner.busy).toBe(false);
  });
});
