/** Routes the Study view's requests (study-protocol.ts) to the worker's study queue (study.ts). */
import type { HandlerTable } from '../protocol';
import { cancelStudy, getStudy, resumeStudy, startStudy, studySettled } from './study';
import type { StudyRequest } from './study-protocol';

/** Starting or resuming holds the study's job (jobs.ts) until its queue stops; cancelling the job cancels the study. */
export const studyHandlers: HandlerTable<StudyRequest> = {
  studyStart: async (req, job) => {
    const rec = await startStudy(req.config);
    job.hold(studySettled(), cancelStudy);
    return rec;
  },
  studyResume: async (_req, job) => {
    const rec = await resumeStudy();
    job.hold(studySettled(), cancelStudy);
    return rec;
  },
  studyCancel: () => cancelStudy(),
  studyGet: () => getStudy(),
};
