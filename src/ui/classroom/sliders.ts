import type { ClassroomHideKey } from '../url-state';

export interface SliderSpec {
  key: 'G' | 'difficulty' | 'T' | 'problems';
  label: string;
  min: number;
  max: number;
  step: number;
  help: string;
}

/** The Classroom's sliders: URL key, label, range (the link reader's ranges in url-state.ts are the same). */
export const SLIDERS: readonly SliderSpec[] = [
  { key: 'G', label: 'G (samples per problem)', min: 1, max: 16, step: 1, help: 'more samples make an all-equal group less likely' },
  { key: 'difficulty', label: 'Difficulty (operations)', min: 1, max: 16, step: 1, help: 'longer chains: more all-wrong groups' },
  { key: 'T', label: 'Temperature', min: 0.05, max: 2, step: 0.05, help: 'hotter sampling: more varied answers' },
  { key: 'problems', label: 'Problems', min: 1, max: 16, step: 1, help: 'groups in the batch' },
];

/** What each hideable Classroom control is called in the lesson-link builder. */
export const CONTROL_NAMES: Record<ClassroomHideKey | 'tabs', string> = {
  G: 'the G slider',
  difficulty: 'the Difficulty slider',
  T: 'the Temperature slider',
  problems: 'the Problems slider',
  cseed: 'New problems (the same groups every time)',
  rlrView: 'the RLR tick box',
  projector: 'the projector mode tick box',
  tabs: 'the tabs (the class stays on this view)',
};
