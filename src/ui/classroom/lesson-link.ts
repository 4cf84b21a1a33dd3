import type { ClassroomHideKey, UrlState } from '../url-state';
import { CONTROL_NAMES } from './sliders';

/**
 * What a lesson link can lock: the Classroom's own controls (the view parameters marked hideable),
 * and the tab bar so the class stays on this view; in the order the builder names them.
 */
export type LessonLock = ClassroomHideKey | 'tabs';
export const LESSON_LOCKS = Object.keys(CONTROL_NAMES) as readonly LessonLock[];

/**
 * The page state a lesson link carries: the Classroom as it is now (its sliders, RLR, the problem
 * seed), in projector mode or not, with exactly the ticked controls hidden. Hidden keys the
 * builder does not offer (a knob hidden by the link the page was opened with) are kept.
 */
export function lessonState(state: UrlState, lock: readonly LessonLock[], projector: boolean): UrlState {
  const offered = new Set<string>(LESSON_LOCKS);
  const hidden = [...state.hidden.filter((k) => !offered.has(k)), ...LESSON_LOCKS.filter((k) => lock.includes(k))];
  return { ...state, hidden, view: { ...state.view, view: 'classroom', classroom: { ...state.view.classroom, projector } } };
}
