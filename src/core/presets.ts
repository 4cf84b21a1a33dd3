import { z } from 'zod';
import { parseExperimentConfig, type ExperimentConfig, type ExperimentConfigInput } from './config';
import { parseStudy, type Study, type StudyInput } from './eval/studies';

/**
 * One preset per experiment of the paper, scaled so each training run takes minutes on a 2-core
 * machine without a GPU. `quick` shrinks every preset to seconds for CI. A preset is a list of
 * arms (e.g. Orig / Both / Neg / Pos), each an optional GRPO run followed by studies of the
 * policy it ends with; an arm without training studies the base checkpoint itself.
 */
export const PRESET_SIZES = ['full', 'quick'] as const;
export type PresetSize = (typeof PRESET_SIZES)[number];

export interface Arm {
  label: string;
  /** Absent: no training (the base checkpoint, "Orig"). */
  config?: ExperimentConfig;
  studies: Study[];
}

export interface Preset {
  id: string;
  title: string;
  paper: string;
  shows: string;
  arms: Arm[];
}

interface PresetDef {
  id: string;
  title: string;
  paper: string;
  shows: string;
  arms: (size: PresetSize) => { label: string; config?: ExperimentConfigInput; studies: StudyInput[] }[];
}

/** Training sizes: GRPO steps per arm, and prompts per step. */
const STEPS: Record<PresetSize, number> = { full: 40, quick: 2 };
const PROMPTS: Record<PresetSize, number> = { full: 8, quick: 2 };
const GENS: Record<PresetSize, number> = { full: 8, quick: 4 };
/** Evaluation runs per problem: 0 means Table 5's defaults. */
const EVAL_RUNS: Record<PresetSize, number> = { full: 16, quick: 1 };

function base(size: PresetSize, over: ExperimentConfigInput = {}): ExperimentConfigInput {
  return { promptsPerStep: PROMPTS[size], numGenerations: GENS[size], ...over };
}

function stage(size: PresetSize, sampleFilter: 'both' | 'positive' | 'negative', maxCompletionLength = 160, fraction = 1) {
  return { sampleFilter, maxCompletionLength, steps: Math.max(1, Math.round(STEPS[size] * fraction)) };
}

const scorecard = (size: PresetSize): StudyInput => ({ kind: 'scorecard', runs: EVAL_RUNS[size], ...(size === 'quick' ? { resamples: 10 } : {}) });

const PRESET_DEFS: PresetDef[] = [
  {
    id: 'pos-neg',
    title: 'Positive vs negative samples',
    paper: 'Table 1, Figure 6',
    shows: 'Orig / Both / Neg / Pos on reasoning, fitness, generalisation and robustness; samples used per step',
    arms: (size) => [
      { label: 'Orig', studies: [scorecard(size)] },
      ...(['both', 'negative', 'positive'] as const).map((f) => ({
        label: { both: 'Both', negative: 'Neg', positive: 'Pos' }[f],
        config: base(size, { name: `pos-neg/${f}`, stages: [stage(size, f)] }),
        studies: [scorecard(size)],
      })),
    ],
  },
];

export const PRESET_IDS = PRESET_DEFS.map((p) => p.id);

export function listPresets(): { id: string; title: string; paper: string; shows: string }[] {
  return PRESET_DEFS.map(({ id, title, paper, shows }) => ({ id, title, paper, shows }));
}

export const PresetIdSchema = z.string().refine((id) => PRESET_IDS.includes(id), { error: (i) => `unknown preset ${JSON.stringify(i.input)}; known presets: ${PRESET_IDS.join(', ')}` });

/** The validated plan of a preset at a size: every config and study parsed through its schema. */
export function getPreset(id: string, size: PresetSize = 'full'): Preset {
  const def = PRESET_DEFS.find((p) => p.id === id);
  if (!def) throw new Error(`unknown preset ${JSON.stringify(id)}; known presets: ${PRESET_IDS.join(', ')}`);
  return {
    id: def.id,
    title: def.title,
    paper: def.paper,
    shows: def.shows,
    arms: def.arms(size).map((a) => ({
      label: a.label,
      ...(a.config ? { config: parseExperimentConfig(a.config, `preset ${id} / ${a.label}`) } : {}),
      studies: a.studies.map((s) => parseStudy(s, `preset ${id} / ${a.label}`)),
    })),
  };
}
