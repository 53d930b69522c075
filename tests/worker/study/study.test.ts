/**
 * The browser's study queue (src/worker/study/study.ts) on fake-indexeddb and the WASM backend, without a browser:
 * ordinary runs in the runs store, the report from core, every tensor freed, cancel → resume from the
 * stopped run's checkpoint, a deleted run restarted, a study left running by a closed page marked
 * interrupted, and the refusals (second study, unknown language, resume of a finished study).
 */
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveStudyConfig } from '../../../src/core/experiment/study';
import { importFiles } from '../../../src/worker/datasets/datasets';
import { getRun } from '../../../src/worker/runs/runs-store';
import { deleteRun, releaseEncoders, setRunSink } from '../../../src/worker/runs/runs';
import { cancelStudy, getStudy, resumeStudy, setStudySink, startStudy } from '../../../src/worker/study/study';
import type { StudyRecord } from '../../../src/worker/study/study-protocol';
import { saveStudy } from '../../../src/worker/study/study-store';

const ROOT = resolve(import.meta.dirname, '../../..');
const demo = (split: string, lang: string, paragraphs?: number) => {
  const doc = JSON.parse(readFileSync(`${ROOT}/public/demo/${split}/${lang}.json`, 'utf8')) as {
    version: string;
    data: Array<{ paragraphs: unknown[] }>;
  };
  const data = paragraphs ? [{ ...doc.data[0], paragraphs: doc.data[0].paragraphs.slice(0, paragraphs) }] : doc.data;
  return { name: `${lang}.json`, bytes: new TextEncoder().encode(JSON.stringify({ version: doc.version, data })) };
};

let trainId = '',
  evalId = '';
const seen: StudyRecord[] = [];
let lastStep = 0;

const raw = (over: Record<string, unknown> = {}) => ({
  name: 'w-study',
  base: {
    train: { source: 'path', path: trainId },
    eval: { source: 'path', path: evalId },
    steps: 6,
    batchSize: 4,
    warmupSteps: 1,
    evalEvery: 0,
    maxLength: 12,
    model: { init: 'scratch', vocabSize: 400, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
    ...over,
  },
  lowResourceLangs: ['sw'],
  caps: [0, 'full'],
  strategies: [
    { name: 'monolingual', alpha: 1 },
    { name: 'hybrid', alpha: 0.5 },
  ],
  seeds: [3],
});

async function until(status: StudyRecord['status'][], timeout = 60_000): Promise<StudyRecord> {
  const t0 = Date.now();
  for (;;) {
    const rec = await getStudy();
    if (rec && status.includes(rec.status)) return rec;
    if (rec?.status === 'error') throw new Error(`study failed: ${rec.error}`);
    if (Date.now() - t0 > timeout) throw new Error(`study still ${rec?.status} after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  setStudySink((rec) => seen.push(structuredClone(rec)));
  setRunSink((d) => {
    lastStep = d.step;
  });
  trainId = (
    await importFiles(
      ['de', 'en', 'sw'].map((l) => demo('train', l)),
      'train3',
      'train',
    )
  ).id;
  evalId = (
    await importFiles(
      ['de', 'en', 'sw'].map((l) => demo('eval', l, 3)),
      'eval3',
      'eval',
    )
  ).id;
});

describe('study queue in the worker', () => {
  it('runs every planned run as an ordinary stored run and builds the report; no tensor is left behind', async () => {
    releaseEncoders(); // an encoder an earlier test left for the inspector is not this test's
    const before = tf.memory().numTensors;
    const started = await startStudy(raw());
    expect(started.runs.map((r) => r.planId)).toEqual([
      'cap-0_monolingual_seed-3',
      'cap-0_hybrid_seed-3',
      'cap-full_monolingual_seed-3',
      'cap-full_hybrid_seed-3',
    ]);
    await expect(startStudy(raw())).rejects.toThrow(/is running its queue: cancel it in the Study tab/);
    const rec = await until(['done']);
    expect(rec.runs.every((r) => r.state === 'done' && r.runId && r.seconds! > 0)).toBe(true);
    for (const st of rec.runs) {
      const run = (await getRun(st.runId!))!;
      expect(run.status).toBe('done');
      expect(run.config).toMatchObject({ alpha: st.alpha, seed: 3, caps: st.cap === 'full' ? {} : { sw: 0 } });
      const final = run.metrics.at(-1)!.result;
      const row = rec.report!.json.runs.find((x) => x.id === st.planId)!;
      expect(Math.abs(row.multilingual! - final.settings.multilingual!.map)).toBeLessThan(1e-4);
    }
    const j = rec.report!.json;
    expect(j.table1.map((r) => r.strategy)).toEqual(['monolingual', 'hybrid']);
    expect(j.significance.rows.length).toBe(5);
    expect(j.versions).toMatchObject({
      tfjs: tf.version.tfjs,
      backend: 'wasm',
      package: expect.stringMatching(/^hybrid-batch-workbench@/),
    });
    expect(rec.report!.markdown).toContain('## Table 1 — mAP by setting (cap full)');
    expect(seen.some((s) => s.runs.some((r) => r.state === 'evaluating'))).toBe(true);
    await expect(resumeStudy()).rejects.toThrow(/has finished; start a new one/);
    releaseEncoders(); // the last run's encoder is kept for the inspector until then
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('cancel stops the current run with a checkpoint; resume keeps finished runs and continues it from there', async () => {
    lastStep = 0;
    await startStudy(raw({ steps: 40, checkpointEvery: 0 }));
    while (lastStep < 8) await new Promise((r) => setTimeout(r, 20));
    await cancelStudy();
    const stopped = await until(['stopped']);
    const first = stopped.runs[0];
    const run = (await getRun(first.runId!))!;
    expect(run.status).toBe('stopped');
    expect(run.checkpoint!.step).toBeGreaterThanOrEqual(8);
    expect(stopped.note).toMatch(
      new RegExp(
        `Cancelled during cap-0_monolingual_seed-3 at step ${run.step}; Resume study continues it from its checkpoint at step ${run.checkpoint!.step}`,
      ),
    );

    await resumeStudy();
    const done = await until(['done'], 120_000);
    expect(done.note).toMatch(/^Resumed: 0 of 4 runs were finished/);
    expect(done.runs[0].runId).toBe(first.runId); // the same run, continued
    expect(done.runs[0].resumed).toEqual({ from: 'checkpoint', step: run.checkpoint!.step });
    const finished = (await getRun(first.runId!))!;
    expect(finished.status).toBe('done');
    expect(finished.step).toBe(40);
  }, 180_000);

  it('a run deleted while the study was stopped is trained again from step 0', async () => {
    lastStep = 0;
    await startStudy(raw({ steps: 16 }));
    while (lastStep < 3) await new Promise((r) => setTimeout(r, 20));
    await cancelStudy();
    const stopped = await until(['stopped']);
    await deleteRun(stopped.runs[0].runId!);
    await resumeStudy();
    const done = await until(['done'], 120_000);
    expect(done.runs[0].resumed).toEqual({ from: 'restart', reason: 'its run had been deleted, so it starts again from step 0' });
    expect(done.runs[0].runId).not.toBe(stopped.runs[0].runId);
  }, 180_000);

  it('a study left running by a page that went away is interrupted; bad languages are refused', async () => {
    const now = Date.now();
    await saveStudy({
      id: `study-left-${now}`,
      config: resolveStudyConfig(raw()),
      status: 'running',
      runs: [],
      index: 0,
      created: now,
      updated: now,
    });
    expect((await getStudy())!.status).toBe('interrupted');
    await expect(startStudy({ ...raw(), lowResourceLangs: ['hi'] })).rejects.toThrow(
      /"lowResourceLangs": hi is not a language of the training data \(de, en, sw\)/,
    );
    await expect(startStudy({ ...raw(), caps: [] })).rejects.toThrow(/caps/);
  });
});
