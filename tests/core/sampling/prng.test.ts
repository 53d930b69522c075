import { describe, expect, it } from 'vitest';
import { Prng, hashString } from '../../../src/core/sampling/prng';

const draw = (r: Prng, n: number) => Array.from({ length: n }, () => r.nextUint32());

describe('Prng', () => {
  it('is deterministic per seed, numbers and strings alike, and differs across seeds', () => {
    expect(draw(new Prng(42), 20)).toEqual(draw(new Prng(42), 20));
    expect(draw(new Prng(42), 20)).toEqual(draw(new Prng('42'), 20));
    expect(draw(new Prng(42), 20)).not.toEqual(draw(new Prng(43), 20));
    expect(hashString('a')).not.toEqual(hashString('b'));
  });

  it('next() is in [0,1) and int(n) is in range and roughly uniform', () => {
    const r = new Prng('u');
    const counts = new Array(7).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < 70_000; i++) {
      const x = r.next();
      if (!(x >= 0 && x < 1)) outOfRange++;
      counts[r.int(7)]++;
    }
    expect(outOfRange).toBe(0);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => r.int(0)).toThrow();
    expect(() => r.int(1.5)).toThrow();
    expect(() => r.pick([])).toThrow();
  });

  it('shuffle returns a permuted copy and leaves the input alone', () => {
    const a = Array.from({ length: 50 }, (_, i) => i);
    const s = new Prng(1).shuffle(a);
    expect(a).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...s].sort((x, y) => x - y)).toEqual(a);
    expect(s).not.toEqual(a);
  });

  it('getState/setState resume the identical stream (through JSON)', () => {
    const r = new Prng(7);
    draw(r, 13);
    const saved = JSON.parse(JSON.stringify(r.getState())) as number[];
    const expected = draw(r, 30);
    expect(draw(Prng.fromState(saved), 30)).toEqual(expected);
    expect(() => r.setState([1, 2, 3])).toThrow();
  });

  it('fork gives independent, label-dependent streams without advancing the parent', () => {
    const r = new Prng(9);
    const before = r.getState();
    const a = draw(r.fork('a'), 10);
    expect(r.getState()).toEqual(before);
    expect(draw(r.fork('a'), 10)).toEqual(a);
    expect(draw(r.fork('b'), 10)).not.toEqual(a);
    expect(draw(new Prng(9), 10)).not.toEqual(a);
  });
});
