import { useRuns } from './runs-store';

/** The study going in this tab's worker, with its Stop; or how the last one ended when it was stopped. */
export function StudyStatus({ testId }: { testId: string }) {
  const study = useRuns((s) => s.study);
  const note = useRuns((s) => s.studyNote);
  const stopStudy = useRuns((s) => s.stopStudy);
  if (!study) {
    return note ? (
      <p className="facts" role="status" data-testid={`${testId}-stopped`}>
        {note}
      </p>
    ) : null;
  }
  return (
    <p className="facts" role="status" data-testid={testId}>
      Running {study.label}
      {study.progress ? ` — ${study.progress.phase}: ${study.progress.done} / ${study.progress.total}` : '…'}{' '}
      <button type="button" className="small danger" onClick={() => void stopStudy()} data-testid={`${testId}-stop`} title="Ends the study after the batch it is sampling; nothing of it is stored">
        Stop study
      </button>
    </p>
  );
}
