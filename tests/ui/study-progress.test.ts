/** The Study view's progress and ETA rules (src/ui/components/study-progress.ts). */
import { describe, expect, it } from 'vitest';
import { studyEta, studyFraction } from '../../src/ui/components/study-progress';
import type { StudyRunState } from '../../src/worker/study/study-protocol';

const run = (state: StudyRunState['state'], seconds?: number): StudyRunState => ({
  planId: 'p',
  cap: '0',
  strategy: 'hybrid',
  alpha: 0.5,
  seed: 1,
  state,
  seconds,
});

describe('study progress', () => {
  it('finished runs count 1, the current one its share of steps, an evaluating one as trained', () => {
    const runs = [run('done', 10), run('training'), run('pending'), run('pending')];
    expect(studyFraction({ runs, index: 1 })).toBe(0.25);
    expect(studyFraction({ runs, index: 1 }, { step: 20, steps: 40 })).toBeCloseTo(1.5 / 4);
    expect(studyFraction({ runs, index: 1 }, { step: 99, steps: 40 })).toBe(0.5);
    expect(studyFraction({ runs: [run('done', 1), run('evaluating')], index: 1 })).toBe(1);
    expect(studyFraction({ runs: [], index: 0 })).toBe(0);
  });

  it('the ETA extrapolates the training seconds spent so far (finished runs + the live one)', () => {
    const runs = [run('done', 10), run('training'), run('pending'), run('pending')];
    // 1.5 of 4 runs took 10 + 5 s → 2.5 runs left take 25 s.
    expect(studyEta({ runs, index: 1 }, { step: 20, steps: 40, seconds: 5 })).toBeCloseTo(25);
    expect(studyEta({ runs: [run('training'), run('pending')], index: 0 }, { step: 0, steps: 40, seconds: 0 })).toBe(Infinity);
    expect(studyEta({ runs: [run('done', 4), run('done', 6)], index: 1 })).toBe(0);
  });
});
