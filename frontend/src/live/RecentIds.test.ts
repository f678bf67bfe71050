import { describe, expect, it } from 'vitest';
import { RecentIds } from './RecentIds';

describe('RecentIds', () => {
  it('lets an id through once and drops its repeats', () => {
    const ids = new RecentIds();
    expect(ids.add('e1')).toBe(true);
    expect(ids.add('e1')).toBe(false);
    expect(ids.add('e2')).toBe(true);
  });

  it('forgets the oldest ids beyond its capacity', () => {
    const ids = new RecentIds(2);
    ids.add('e1');
    ids.add('e2');
    ids.add('e3');
    expect(ids.add('e3')).toBe(false);
    expect(ids.add('e1')).toBe(true);
  });
});
