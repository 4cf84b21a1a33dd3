import { useRuns } from './runs-store';
import { studyProgressLine } from './progress-line';
import { useNow } from './use-now';

/** The study going in this tab's worker, with its Stop; or how the last one ended when it was stopped. */
export function StudyStatus({ testId }: { testId: string }) {
  const study = useRuns((s) => s.study);
  const note = useRuns((s) => s.studyNote);
  const stopStudy = useRuns((s) => s.stopStudy);
  const now = useNow(study !== null);
  if (!study) {
    return note ? (
      <p className="facts" role="status" data-testid={`${testId}-stopped`}>
        {note}
      </p>
    ) : null;
  }
  return (
    <p className="facts" role="status" data-testid={testId}>
      {studyProgressLine(study, now)}{' '}
      <button type="button" className="small danger" onClick={() => void stopStudy()} data-testid={`${testId}-stop`} title="Ends the study after the batch it is sampling; nothing of it is stored">
        Stop study
      </button>
    </p>
  );
}
