import { describe, expect, it } from 'vitest';
import { baseIdOfKey, baseKey, DEMO_BASE_REF, shippedName, shippedRefProblem } from '../../../src/core/experiment/base-ref';

describe('model references', () => {
  it('parses shipped references and rejects paths hidden in them', () => {
    expect(shippedName(DEMO_BASE_REF)).toBe('demo-base');
    expect(shippedName('models/demo-base')).toBeUndefined();
    expect(shippedRefProblem('shipped:demo-base')).toBeUndefined();
    expect(shippedRefProblem('models/demo-base')).toBeUndefined(); // a path: not a shipped reference
    expect(shippedRefProblem('shipped:../secret')).toMatch(/not a shipped model name/);
    expect(shippedRefProblem('shipped:a/b')).toMatch(/no slashes/);
    expect(shippedRefProblem('shipped:')).toMatch(/not a shipped model name/);
  });

  it('round-trips keys of bases built in the browser', () => {
    expect(baseKey('base-x1')).toBe('idb:bases/base-x1');
    expect(baseIdOfKey(baseKey('base-x1'))).toBe('base-x1');
    expect(baseIdOfKey('idb:bases/')).toBeUndefined();
    expect(baseIdOfKey('idb:checkpoints/run-1')).toBeUndefined();
  });
});
