import { useState } from 'react';
import { CopyLink } from '../CopyLink';
import { currentQuery, useView } from '../view-store';
import { LESSON_LOCKS, lessonState, type LessonLock } from './lesson-link';
import { CONTROL_NAMES } from './sliders';

/**
 * The lesson-link builder: tick what the class should not touch, and copy a link that opens this
 * classroom as it is now, with those controls hidden (`<key>_hide=true`). It copies through the
 * page's Copy link, so without a clipboard (plain HTTP on a LAN address) it shows the link selected.
 */
export function LessonLink() {
  const hidden = useView((s) => s.hidden);
  const state = useView();
  const [lock, setLock] = useState<LessonLock[]>(() => LESSON_LOCKS.filter((k) => hidden.includes(k)));
  const [projector, setProjector] = useState(true);
  const query = () => currentQuery(lessonState(useView.getState(), lock, projector));
  const preview = currentQuery(lessonState(state, lock, projector));
  const toggle = (k: LessonLock, on: boolean) => setLock((l) => (on ? [...l, k] : l.filter((x) => x !== k)));
  return (
    <details className="lesson-link" data-testid="lesson-link">
      <summary>Lesson link: lock controls for a class</summary>
      <p className="lesson-help">
        The link opens this classroom with the settings you see now. Tick what the class should not touch: those controls are hidden.
      </p>
      <div className="lesson-locks">
        {LESSON_LOCKS.map((k) => (
          <label key={k} className="check-label">
            <input type="checkbox" checked={lock.includes(k)} onChange={(e) => toggle(k, e.target.checked)} data-testid={`lesson-lock-${k}`} /> hide {CONTROL_NAMES[k]}
          </label>
        ))}
        <label className="check-label">
          <input type="checkbox" checked={projector} onChange={(e) => setProjector(e.target.checked)} data-testid="lesson-projector" /> open in projector mode
        </label>
      </div>
      <div className="lesson-out">
        <code className="lesson-url" data-testid="lesson-link-url">
          {`${window.location.origin}${window.location.pathname}?${preview}`}
        </code>
        <CopyLink query={query} label="Copy lesson link" testId="copy-lesson-link" what="The lesson link" />
      </div>
    </details>
  );
}
