import { CLASSROOM_RANGES } from '../../../workers/api';
import type { ClassroomHideKey } from '../url-state';

export interface SliderSpec {
  key: 'G' | 'difficulty' | 'T' | 'problems';
  label: string;
  min: number;
  max: number;
  step: number;
  help: string;
}

/** The Classroom's sliders: URL key, label, step; their ranges are the worker's (CLASSROOM_RANGES), as a link's are. */
export const SLIDERS: readonly SliderSpec[] = [
  { key: 'G', label: 'G (samples per problem)', ...CLASSROOM_RANGES.numGenerations, step: 1, help: 'more samples make an all-equal group less likely' },
  { key: 'difficulty', label: 'Difficulty (operations)', ...CLASSROOM_RANGES.ops, step: 1, help: 'longer chains: more all-wrong groups' },
  { key: 'T', label: 'Temperature', ...CLASSROOM_RANGES.temperature, step: 0.05, help: 'hotter sampling: more varied answers' },
  { key: 'problems', label: 'Problems', ...CLASSROOM_RANGES.numProblems, step: 1, help: 'groups in the batch' },
];

/** What each hideable Classroom control is called in the lesson-link builder, in the order it offers them. */
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
