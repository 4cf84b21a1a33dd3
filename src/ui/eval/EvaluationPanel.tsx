import { useMemo, useState } from 'react';
import type { StudyInput } from '../../core/eval/studies';
import { SUITES } from '../../core/tasks/suites';
import { useLabClient } from '../lab-access';
import { runById, runList, useRuns, useStudySources } from '../run/runs-store';
import { hasWeights } from '../run/run-facts';
import { StudyStatus } from '../run/StudyStatus';
import { EVAL_RUNS, EVAL_STUDIES, type EvalStudyKind } from '../url-state';
import { useView } from '../view-store';
import { EvalCharts } from './EvalCharts';
import { labelReports } from './study-results';
import './eval.css';

const STUDY_INFO: Record<EvalStudyKind, { title: string; what: string }> = {
  pass1: { title: 'Pass@1 over runs', what: 'samples every problem of the suite the given number of times: Pass@1 with a bootstrap interval, each run’s score, and the per-problem accuracy distribution.' },
  maxGap: { title: 'Max gap vs runs (Table 7)', what: 'four independent trials of 1, 2, 4, … runs each, up to the number of runs given: how far apart their Pass@1 lies.' },
  temperatureSweep: { title: 'Temperature sweep (Figure 4b)', what: 'Pass@1 and its spread at temperatures 0, 0.2 … 1.0, with the given number of runs each.' },
  greedy: { title: 'Greedy vs sampled (Figure 5b/c)', what: 'the accuracy distribution sampled at T = 0.6 and greedy, and whether greedy answers change with the batch size.' },
  census: { title: 'Zero-advantage census (Figure 2)', what: '16 rollouts at T = 1 and at T = 0.6 / top-p 0.95 for the first problems of the training set (the number given × 4): the share of groups of 4, 8 and 16 that can give a gradient, against pᴳ + (1 − p)ᴳ.' },
  perturbation: { title: 'One-step perturbation (Figure 5d)', what: 'greedy answers before and after a single GRPO step on a copy of the policy.' },
};

/** The study a form setting asks for, sized by its number of runs. */
export function studyInput(kind: EvalStudyKind, suite: string, runs: number): StudyInput {
  switch (kind) {
    case 'pass1':
      return { kind, suite, runs };
    case 'maxGap': {
      const perTrial = [1, 2, 4, 8, 16, 32, 64, 96, 128].filter((n) => n * 4 <= Math.max(4, runs * 4));
      return { kind, suite, runsPerTrial: perTrial };
    }
    case 'temperatureSweep':
      return { kind, suite, runs };
    case 'greedy':
      return { kind, suite, runs, batchSizes: [1, 16], backends: [] };
    case 'census':
      return { kind, limit: Math.max(8, runs * 4) };
    case 'perturbation':
      return { kind, suite };
  }
}

function StudyRunner() {
  const client = useLabClient();
  const runs = useRuns((s) => s.runs);
  const busy = useRuns((s) => s.study !== null || s.active !== null);
  const runStudy = useRuns((s) => s.runStudy);
  const { evalStudy, evalSuite, evalRuns } = useView((s) => s.view);
  const patchView = useView((s) => s.patchView);
  const [policy, setPolicy] = useState<string>('base');
  // Only runs with stored weights: an imported run brings its numbers but no checkpoint to study.
  const done = runList(runs).filter((r) => hasWeights(r.summary));
  const info = STUDY_INFO[evalStudy];
  const label = policy === 'base' ? 'Orig' : (runs[policy]?.summary.label ?? policy);

  return (
    <form
      className="study-runner"
      onSubmit={(e) => {
        e.preventDefault();
        void runStudy(studyInput(evalStudy, evalSuite, evalRuns), policy, `${label}: ${info.title}`);
      }}
    >
      <label>
        Policy
        <select value={policy} onChange={(e) => setPolicy(e.target.value)} data-testid="study-policy">
          <option value="base">Orig (base checkpoint)</option>
          {done.map((r) => (
            <option key={r.summary.runId} value={r.summary.runId}>
              {r.summary.label || r.summary.runId} (step {r.summary.checkpointStep})
            </option>
          ))}
        </select>
      </label>
      <label>
        Study
        <select value={evalStudy} onChange={(e) => patchView({ evalStudy: e.target.value as EvalStudyKind })} data-testid="study-kind">
          {EVAL_STUDIES.map((k) => (
            <option key={k} value={k}>
              {STUDY_INFO[k].title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Suite
        <select value={evalSuite} onChange={(e) => patchView({ evalSuite: e.target.value })} disabled={evalStudy === 'census'} data-testid="study-suite">
          {SUITES.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} ({s.size}, like {s.analog})
            </option>
          ))}
        </select>
      </label>
      <label>
        Runs
        <input type="number" min={EVAL_RUNS.min} max={EVAL_RUNS.max} value={evalRuns} onChange={(e) => patchView({ evalRuns: Math.max(EVAL_RUNS.min, Math.min(EVAL_RUNS.max, Math.round(Number(e.target.value) || EVAL_RUNS.min))) })} data-testid="study-runs" />
      </label>
      <button type="submit" disabled={!client || busy} data-testid="run-study">
        Run study
      </button>
      <p className="facts study-what">
        <b>{info.title}</b>: {info.what}
      </p>
    </form>
  );
}

/** Evaluation: run the evaluator's studies on the base checkpoint or a run, and chart every report on show. */
export function EvaluationPanel() {
  const shownIds = useView((s) => s.view.runs);
  const sources = useStudySources(shownIds);
  const reports = useMemo(() => labelReports(sources), [sources]);
  const loaded = useRuns((s) => shownIds.filter((id) => runById(s.runs, id)?.loaded).length);
  return (
    // data-runs-loaded: the runs on show whose studies have arrived (the headless capture waits for all of them).
    <section className="card evaluation" aria-labelledby="evaluation-title" data-testid="evaluation-panel" data-runs-loaded={loaded}>
      <div className="card-head">
        <h2 id="evaluation-title">Evaluation</h2>
        <p className="facts" data-testid="report-count" data-count={reports.length}>
          Studies of the base checkpoint and of the runs ticked in the Runs list ({reports.length} report{reports.length === 1 ? '' : 's'} on show).
        </p>
      </div>
      <StudyRunner />
      <StudyStatus testId="eval-study-progress" />
      <EvalCharts reports={reports} />
    </section>
  );
}
