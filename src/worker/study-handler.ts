/** Routes the Study view's requests (study-protocol.ts) to the worker's study queue (study.ts). */
import { cancelStudy, getStudy, resumeStudy, startStudy } from './study';
import type { StudyRequest, StudyResponses } from './study-protocol';

export function handleStudyRequest(req: StudyRequest): Promise<StudyResponses[StudyRequest['type']]> {
  switch (req.type) {
    case 'studyStart': return startStudy(req.config);
    case 'studyResume': return resumeStudy();
    case 'studyCancel': return cancelStudy();
    case 'studyGet': return getStudy();
  }
}
