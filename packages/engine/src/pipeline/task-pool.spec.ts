import { describe, expect, it } from '@jest/globals';
import { TaskPool } from './task-pool.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TaskPool', () => {
  it('never runs more than its size at once and runs everything', async () => {
    const pool = new TaskPool(3);
    let running = 0;
    let peak = 0;
    let done = 0;
    for (let i = 0; i < 20; i++) {
      await pool.submit(async () => {
        running++;
        peak = Math.max(peak, running);
        await tick();
        running--;
        done++;
      });
    }
    await pool.drain();
    expect(peak).toBe(3);
    expect(done).toBe(20);
  });

  it('reports the first failure once, then refuses new work after the others settle', async () => {
    const failures: unknown[] = [];
    const pool = new TaskPool(2, (e) => failures.push(e));
    await pool.submit(async () => {
      await tick();
      throw new Error('first');
    });
    await pool.submit(async () => {
      await tick();
      throw new Error('second');
    });
    let ran = false;
    await expect(
      pool.submit(async () => {
        ran = true;
      }),
    ).rejects.toThrow('first');
    expect(ran).toBe(false);
    expect(failures).toHaveLength(1);
    await expect(pool.drain()).rejects.toThrow('first');
  });

  it('rejects a size below one', () => {
    expect(() => new TaskPool(0)).toThrow(RangeError);
  });
});
