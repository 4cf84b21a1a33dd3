/**
 * Every colour the lab shows, defined here once. The stylesheets read them as custom properties
 * (`paletteCss`, served to the page as `virtual:palette.css` by vite.config.ts, so the CSS has them
 * before any script runs); the charts, the PNG export and inline styles take the strings, because
 * recharts writes them into SVG attributes, where `var()` would not survive an exported image.
 * No other file under src/ui writes a colour (palette.test.ts checks).
 */

const WHITE = '#ffffff';
const BLACK = '#000';
const ACCENT = '#2f5bd3';
const GOOD = '#1d7a46';
const BAD = '#b3261e';

/** `rgba(r, g, b, alpha)` of a `#rrggbb` colour: a tint for backgrounds and token heat. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`withAlpha needs a #rrggbb colour, not ${hex}`);
  const [r, g, b] = m.slice(1).map((h) => parseInt(h, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** The page's colours by role; each is the CSS custom property of its name in kebab case (`goodBg` → `--good-bg`). */
export const PALETTE = {
  bg: '#f6f6f3',
  card: WHITE,
  /** Text on a filled button or cell. */
  onFill: WHITE,
  ink: '#1d1f23',
  muted: '#5d6470',
  line: '#e1e2de',
  accent: ACCENT,
  /** Behind a running or paused run's status. */
  accentBg: '#e7edfb',
  /** Behind the current or selected row of a table. */
  highlightBg: '#eef2fc',
  focus: '#9db4f0',
  good: GOOD,
  goodBg: '#e5f4ea',
  /** A token whose advantage pushes it up, in the inspector's legend. */
  goodTint: withAlpha(GOOD, 0.5),
  bad: BAD,
  badBg: '#fbe9e7',
  badLine: '#efb7b1',
  badTint: withAlpha(BAD, 0.5),
  /** The border of a text-only destructive button (Delete). */
  dangerLine: '#e4b4ae',
  warnBg: '#fff4d6',
  warnLine: '#e8c15c',
  inputLine: '#c9cbc4',
  /** Behind a pill or a run's status. */
  chipBg: '#eceee9',
  shadow: 'rgb(0 0 0 / 12%)',
  /** The top of the form's run row, where the knobs scroll under it. */
  fade: withAlpha(WHITE, 0.7),
  sampleBg: '#fcfcfb',
  completionInk: '#2b2f36',
  /** The stripes of an empty chart. */
  stripeLight: '#fafaf8',
  stripeDark: '#f3f3f0',
  chartText: '#4a505a',
  tableHeadBg: '#f7f7f4',
  rowLine: '#efefeb',
  editRowBg: '#f6f7f3',
  configColBg: '#fafbf8',
  /** A group without gradient, a sample that was not kept. */
  dimmedBg: '#f1f1ee',
  /** Tokens outside the loss; the border of the classroom's "no gradient" label. */
  masked: '#9a9ea5',
  lessonUrlBg: '#f4f4f1',
  noGradientInk: '#4a4e55',
  /** The classroom's reward baseline and advantage zero line. */
  axisLine: '#8a8e86',
  /** The halo that keeps a value legible on its bar. */
  halo: BLACK,
  /** Projector mode: the same roles in stronger contrast. */
  projectorInk: BLACK,
  projectorMuted: '#222',
  projectorLine: BLACK,
  projectorBad: '#c00000',
  projectorGood: '#006b2d',
  projectorAccent: '#0033cc',
  projectorDimmedBg: '#d9d9d9',
} as const;

/** The colours of chart furniture, which only the charts draw. */
export const CHART = {
  grid: '#e6e6e1',
  /** A stage boundary or evaluation mark. */
  mark: '#8a8f98',
  /** One run's dot among the seeds of a study. */
  oneRun: '#8a93a3',
} as const;

/** `--name: value;` for every palette entry, under :root: the stylesheet vite.config.ts serves as virtual:palette.css. */
export function paletteCss(): string {
  const lines = Object.entries(PALETTE).map(([role, value]) => `  --${role.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${value};`);
  return `:root {\n${lines.join('\n')}\n}\n`;
}

/**
 * Run colours: Tableau 10 (distinguishable and print-safe) and two darker ones, so that every run
 * the charts may show at once (MAX_RUNS_SHOWN) has its own colour. Then the paper's categories.
 */
export const RUN_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#3d3d3d', '#0f6f7c'];

/** The colour of the i-th series of a chart whose series are not runs (e.g. study reports). */
export function seriesColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length];
}

/** FNV-1a of the run id: the run's own place in RUN_COLORS, the same on every visit. */
function slotOf(runId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < runId.length; i++) h = Math.imul(h ^ runId.charCodeAt(i), 0x01000193) >>> 0;
  return h % RUN_COLORS.length;
}

/**
 * The colour of each run on show, from its id (not from the order runs were ticked): each takes
 * its own slot; when two ids share one, the later in id order takes the next free slot. So a run
 * keeps its colour from visit to visit, and the colours depend only on which runs are on show.
 * Up to RUN_COLORS.length runs get distinct colours; beyond that they repeat.
 */
export function runColors(runIds: readonly string[]): Map<string, string> {
  const taken = new Set<number>();
  const colors = new Map<string, string>();
  for (const id of [...new Set(runIds)].sort()) {
    let slot = slotOf(id);
    for (let k = 0; k < RUN_COLORS.length && taken.has(slot); k++) slot = (slot + 1) % RUN_COLORS.length;
    taken.add(slot);
    colors.set(id, RUN_COLORS[slot]);
    if (taken.size === RUN_COLORS.length) taken.clear();
  }
  return colors;
}

/** The paper's categories: right and wrong answers, the zero-advantage census, uncertainty, decoding. */
export const CATEGORY = {
  correct: GOOD,
  wrong: BAD,
  effective: ACCENT,
  otherEqual: RUN_COLORS[8],
  uncertain: '#e8a33d',
  certain: '#7a8593',
  greedy: '#7a5195',
  sampled: RUN_COLORS[0],
} as const;
