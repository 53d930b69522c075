import { useEffect, useRef } from 'react';
import { useApp } from '../store';
import { ActionButton } from './ActionButton';

/** What each part of the Experiment view shows, in plain words; one step at a time. */
export const TOUR_STEPS: Array<{ title: string; text: string }> = [
  {
    title: 'α and the run controls',
    text: 'α is the share of monolingual batches. Set it with the slider (or keep the hybrid 0.5) and press Start (Space). Step (S) trains one batch; the α-sweep trains α = 0, 0.5 and 1 with the same seed so you can compare them.',
  },
  {
    title: 'Training loss',
    text: 'InfoNCE loss per step: how well each question picks its own passage out of the batch. It falls as the encoder learns; smoothing and a log scale help read a noisy curve.',
  },
  {
    title: 'Batch composition',
    text: 'Which query × passage language pairs the sampler actually drew. The diagonal holds monolingual pairs; the realised monolingual share should sit near α.',
  },
  {
    title: 'mAP per query language',
    text: 'Mean average precision on held-out questions, per query language, in the monolingual, cross-lingual or multilingual setting. Multilingual = one pool of every language, where every translation of the answer counts as relevant.',
  },
  {
    title: 'Language bias',
    text: "For each multilingual query, the distance between the best and the worst rank of its relevant translations. A biased encoder ranks answers in the query's own language far above the same answer in other languages.",
  },
  {
    title: 'Cross-lingual heatmap',
    text: 'mAP for every query language × pool language. Click a cell to open those queries in the Inspector and see the ranked candidates.',
  },
];
const SEEN_KEY = 'hbw.tour.seen';

/** A short dismissible tour of the Experiment view (a modal dialog; Esc or Close ends it). */
export function TourButton() {
  const step = useApp((s) => s.tourStep);
  const setStep = useApp((s) => s.setTourStep);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (step !== null && !d.open) d.showModal();
    if (step === null && d.open) d.close();
  }, [step]);
  const close = () => {
    setStep(null);
    try {
      localStorage.setItem(SEEN_KEY, '1');
    } catch {
      /* private mode */
    }
  };
  const s = step === null ? undefined : TOUR_STEPS[step];
  return (
    <>
      <ActionButton id="tour" className="secondary small" testId="tour-open" />
      <dialog ref={dialog} className="tour" aria-labelledby="tour-title" onClose={close} data-testid="tour">
        {s ? (
          <>
            <h3 id="tour-title">
              {s.title}{' '}
              <span className="muted small">
                ({step! + 1} / {TOUR_STEPS.length})
              </span>
            </h3>
            <p>{s.text}</p>
            <div className="actions">
              <button type="button" className="secondary" disabled={step === 0} onClick={() => setStep(step! - 1)}>
                Back
              </button>
              {step! < TOUR_STEPS.length - 1 ? (
                <button type="button" onClick={() => setStep(step! + 1)}>
                  Next
                </button>
              ) : (
                <button type="button" onClick={close}>
                  Done
                </button>
              )}
              <button type="button" className="secondary" onClick={close}>
                Close
              </button>
            </div>
          </>
        ) : null}
      </dialog>
    </>
  );
}
