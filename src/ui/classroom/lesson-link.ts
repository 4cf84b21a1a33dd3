import { CLASSROOM_HIDEABLE, type UrlState } from '../url-state';

/** What a lesson link can lock: the Classroom's own controls, and the tab bar so the class stays on this view. */
export const LESSON_LOCKS = [...CLASSROOM_HIDEABLE, 'tabs'] as const;
export type LessonLock = (typeof LESSON_LOCKS)[number];

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
