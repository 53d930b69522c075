/**
 * Worker messages of the Study view (the low-resource study as a queue of ordinary runs; see study.ts).
 * Joined into protocol.ts' Request and Responses. The worker also broadcasts the study record on every
 * change (`{ id: 0, kind: 'study' }`), so the view follows a queue it did not start (after a reload).
 */
import type { StudyReportJson } from '../../core/experiment/report';
import type { StudyConfig } from '../../core/experiment/study';

/**
 * 'interrupted': the page went away while it ran (resumable; the view resumes it on load).
 * 'stopped': cancelled, or its current run was paused/stopped outside the study (resumable).
 */
export type StudyStatus = 'running' | 'stopping' | 'stopped' | 'interrupted' | 'error' | 'done';

/** One planned run of the study, in plan order (caps outermost). */
export interface StudyRunState {
  /** planStudy's id, e.g. `cap-0_hybrid_seed-42`. */
  planId: string;
  cap: string;
  strategy: string;
  alpha: number;
  seed: number;
  /** The ordinary run (runs store) that trains it, once started. */
  runId?: string;
  state: 'pending' | 'training' | 'evaluating' | 'done';
  /** How this session took up an unfinished run: from its checkpoint, or again from step 0. */
  resumed?: { from: 'checkpoint'; step: number } | { from: 'restart'; reason: string };
  /** Training seconds of the run (RunRecord.seconds). */
  seconds?: number;
}

/** The report as the view shows and exports it (core/experiment/report.ts, unchanged). */
export interface StudyReportView {
  markdown: string;
  json: StudyReportJson;
  svg: string;
}

export interface StudyRecord {
  id: string;
  /** The resolved study config (resolveStudyConfig): what the report prints as the exact config. */
  config: StudyConfig;
  status: StudyStatus;
  runs: StudyRunState[];
  /** Index in `runs` of the run in progress (or the next one). */
  index: number;
  created: number;
  updated: number;
  /** What happened when the study was last taken up again (shown in the view). */
  note?: string;
  error?: string;
  report?: StudyReportView;
}

export type StudyRequest =
  /** `config`: a raw study config (the CLI's study.json); replaces the earlier study (its runs stay in the run list). */
  | { type: 'studyStart'; config: Record<string, unknown> }
  | { type: 'studyResume' }
  | { type: 'studyCancel' }
  /** The stored study, or null; one left 'running' by a page that went away is marked 'interrupted'. */
  | { type: 'studyGet' };

export interface StudyResponses {
  studyStart: StudyRecord;
  studyResume: StudyRecord;
  studyCancel: StudyRecord | null;
  studyGet: StudyRecord | null;
}

export const STUDY_REQUESTS: ReadonlySet<string> = new Set(['studyStart', 'studyResume', 'studyCancel', 'studyGet']);

export function isStudyRequest(r: { type: string }): r is StudyRequest {
  return STUDY_REQUESTS.has(r.type);
}
