import type { ArmSummary, Estimate, Summary } from '../runner/summary';
import { PAPER, TAKEAWAYS } from './paper';

/**
 * REPORT.md from the runner's summaries: for each takeaway and each table or figure of the paper,
 * our toy-scale numbers beside the paper's, the claims checked one by one, and a plain verdict.
 * A claim "holds" when our means are ordered as the paper says, and "holds clearly" when the 95 %
 * intervals do not overlap either; an ordering that holds only in the means is within noise.
 */
export type Verdict = 'reproduced' | 'partly reproduced' | 'not reproduced' | 'not run';

export interface Claim {
  text: string;
  holds: boolean;
  clearly: boolean;
  detail: string;
}

export interface Section {
  id: string;
  title: string;
  markdown: string;
  verdict: Verdict;
  why: string;
}

type Summaries = Partial<Record<string, Summary>>;

const f1 = (x: number) => (x * 100).toFixed(1);

function arm(s: Summary | undefined, label: string): ArmSummary | undefined {
  return s?.arms.find((a) => a.arm === label);
}

function study(a: ArmSummary | undefined, label: string) {
  return a?.studies.find((st) => st.label === label);
}

function value(a: ArmSummary | undefined, label: string, key: string): Estimate | undefined {
  return study(a, label)?.values[key];
}

function show(e: Estimate | undefined): string {
  if (!e) return '—';
  return e.ci[0] === e.ci[1] ? f1(e.mean) : `${f1(e.mean)} [${f1(e.ci[0])}, ${f1(e.ci[1])}]`;
}

/** Mean of several estimates (e.g. a group average), with the interval of the mean of bounds. */
function avg(es: (Estimate | undefined)[]): Estimate | undefined {
  if (es.some((e) => !e) || es.length === 0) return undefined;
  const xs = es as Estimate[];
  const m = (f: (e: Estimate) => number) => xs.reduce((a, e) => a + f(e), 0) / xs.length;
  return { mean: m((e) => e.mean), ci: [m((e) => e.ci[0]), m((e) => e.ci[1])], n: Math.min(...xs.map((e) => e.n)) };
}

/** a ≥ b (ge) or a > b (gt) in the means; clearly when the intervals separate. */
function order(a: Estimate, b: Estimate, strict: boolean): { holds: boolean; clearly: boolean } {
  const holds = strict ? a.mean > b.mean : a.mean >= b.mean;
  return { holds, clearly: holds && a.ci[0] > b.ci[1] };
}

function chain(text: string, items: [string, Estimate | undefined][], strict: boolean[]): Claim {
  if (items.some(([, e]) => !e)) return { text, holds: false, clearly: false, detail: 'not measured' };
  let holds = true;
  let clearly = true;
  for (let i = 0; i < items.length - 1; i++) {
    const o = order(items[i][1]!, items[i + 1][1]!, strict[i]);
    holds &&= o.holds;
    clearly &&= o.clearly;
  }
  const detail = items.map(([n, e]) => `${n} ${f1(e!.mean)}`).join(strict.map((s) => (s ? ' > ' : ' ≥ ')).join('|').includes('|') ? ', ' : ', ');
  return { text, holds, clearly, detail };
}

function verdictOf(claims: Claim[]): { verdict: Verdict; why: string } {
  if (claims.length === 0 || claims.every((c) => c.detail === 'not measured')) return { verdict: 'not run', why: 'the preset was not run' };
  const held = claims.filter((c) => c.holds).length;
  const clear = claims.filter((c) => c.clearly).length;
  const verdict: Verdict = held === claims.length ? 'reproduced' : held === 0 ? 'not reproduced' : 'partly reproduced';
  const noise = held > clear ? ` ${held - clear} of the ${held} that hold do so only within the noise (overlapping 95 % intervals).` : '';
  return { verdict, why: `${held} of ${claims.length} claims hold in our measurement.${noise}` };
}

function claimList(claims: Claim[]): string {
  return claims.map((c) => `- ${c.holds ? (c.clearly ? '✔ holds clearly' : '✔ holds (within noise)') : '✘ does not hold'}: ${c.text} — ${c.detail}`).join('\n');
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const SC = 'scorecard';

function scorecardAverages(a: ArmSummary | undefined) {
  return {
    reasoning: avg([value(a, SC, 'in-30'), value(a, SC, 'in-83')]),
    fitness: avg([value(a, SC, 'in-30 (short)'), value(a, SC, 'in-83 (short)'), value(a, SC, 'fitness-200')]),
    generalisation: avg(['ood-long-30', 'ood-words-83', 'ood-list-83', 'ood-paren-83'].map((k) => value(a, SC, k))),
    robustness: avg(['in-30-n1', 'in-83-n1', 'in-30-n2', 'in-83-n2'].map((k) => value(a, SC, k))),
  };
}

function sectionTable1(s: Summary | undefined): Section {
  const arms = ['Orig', 'Both', 'Neg', 'Pos'];
  const av = Object.fromEntries(arms.map((n) => [n, scorecardAverages(arm(s, n))]));
  const rows = arms.map((n) => {
    const a = arm(s, n);
    const p = PAPER.table1[n];
    return [n, show(value(a, SC, 'in-30')), show(value(a, SC, 'in-83')), show(value(a, SC, 'in-30 (short)')), show(value(a, SC, 'in-83 (short)')), show(value(a, SC, 'fitness-200')), show(av[n].generalisation), show(av[n].robustness), `${p.reasoning.join(' / ')} · ${p.fitness.join(' / ')} · ${p.generalisationAvg} · ${p.robustnessAvg}`];
  });
  const used = ['Both', 'Neg', 'Pos'].map((n) => {
    const fin = arm(s, n)?.final;
    return [n, fin?.positiveUsed ? fin.positiveUsed.mean.toFixed(1) : '—', fin?.negativeUsed ? fin.negativeUsed.mean.toFixed(1) : '—', fin?.effectiveShare ? f1(fin.effectiveShare.mean) : '—'];
  });
  const claims = [
    chain('final performance: both ≥ negative > positive (reasoning average)', [['both', av.Both.reasoning], ['neg', av.Neg.reasoning], ['pos', av.Pos.reasoning]], [false, true]),
    chain('fitness: both ≥ positive > negative (fitness average)', [['both', av.Both.fitness], ['pos', av.Pos.fitness], ['neg', av.Neg.fitness]], [false, true]),
    chain('generalisation: negative ≥ both > positive (out-of-domain average)', [['neg', av.Neg.generalisation], ['both', av.Both.generalisation], ['pos', av.Pos.generalisation]], [false, true]),
    chain('robustness: negative > both > positive (noisy-prompt average)', [['neg', av.Neg.robustness], ['both', av.Both.robustness], ['pos', av.Pos.robustness]], [true, true]),
    chain('every RL arm improves on Orig in reasoning', [['min(Both, Neg, Pos)', minOf([av.Both.reasoning, av.Neg.reasoning, av.Pos.reasoning])], ['Orig', av.Orig.reasoning]], [true]),
  ];
  const v = verdictOf(claims);
  const md = [
    table(['arm', 'in-30', 'in-83', 'in-30 (short)', 'in-83 (short)', 'fitness-200', 'OOD avg', 'noise avg', 'paper: AIME24 / AMC23 · 8K / 8K / train · OOD · noise'], rows),
    '',
    'Samples used per step at the end of training (Figure 6):',
    '',
    table(['arm', 'positive used', 'negative used', 'effective groups %'], used),
    '',
    claimList(claims),
  ].join('\n');
  return { id: '3.1', title: 'Takeaway 3.1 — what positive and negative samples teach (Table 1, Figure 6)', markdown: md, ...v };
}

function minOf(es: (Estimate | undefined)[]): Estimate | undefined {
  if (es.some((e) => !e)) return undefined;
  return (es as Estimate[]).reduce((m, e) => (e.mean < m.mean ? e : m));
}

function sectionTable2(s: Summary | undefined): Section {
  const labels = s?.arms.map((a) => a.arm) ?? [];
  const letters = (label: string) => label.replace(/\d+\(/g, '').replace(/\)/g, '');
  const rows = labels.map((l) => {
    const a = scorecardAverages(arm(s, l));
    const overall = avg([a.reasoning, a.generalisation, a.robustness]);
    return [l, show(a.reasoning), show(a.generalisation), show(a.robustness), show(overall), String(PAPER.table2[l === 'Orig' ? 'Orig' : letters(l)] ?? '—')];
  });
  const get = (prefix: string) => labels.find((l) => letters(l) === prefix);
  const np = scorecardAverages(arm(s, get('NP-NP-NP') ?? ''));
  const nnn = scorecardAverages(arm(s, get('N-N-N') ?? ''));
  const nnnp = scorecardAverages(arm(s, get('N-N-NP') ?? ''));
  const close = (a?: Estimate, b?: Estimate): Claim => {
    if (!a || !b) return { text: 'N-N-N reasons about as well as NP-NP-NP', holds: false, clearly: false, detail: 'not measured' };
    const overlap = a.ci[0] <= b.ci[1] && b.ci[0] <= a.ci[1];
    const near = Math.abs(a.mean - b.mean) <= 0.02 || overlap;
    return { text: 'N-N-N reasons about as well as NP-NP-NP (within 2 points or overlapping intervals)', holds: near, clearly: near && Math.abs(a.mean - b.mean) <= 0.02, detail: `N-N-N ${f1(a.mean)}, NP-NP-NP ${f1(b.mean)}` };
  };
  const claims = [
    close(nnn.reasoning, np.reasoning),
    chain('N-N-N generalises better than NP-NP-NP', [['N-N-N', nnn.generalisation], ['NP-NP-NP', np.generalisation]], [true]),
    chain('N-N-N is more robust than NP-NP-NP', [['N-N-N', nnn.robustness], ['NP-NP-NP', np.robustness]], [true]),
    chain('N-N-NP has the best overall average of the schedules', [['N-N-NP', avg([nnnp.reasoning, nnnp.generalisation, nnnp.robustness])], ['best other', maxOf(labels.filter((l) => l !== get('N-N-NP') && l !== 'Orig').map((l) => { const x = scorecardAverages(arm(s, l)); return avg([x.reasoning, x.generalisation, x.robustness]); }))]], [false]),
  ];
  const md = [table(['schedule', 'reasoning avg', 'OOD avg', 'noise avg', 'AVG', 'paper AVG'], rows), '', claimList(claims)].join('\n');
  return { id: '3.2', title: 'Takeaway 3.2 — negative-sample pre-training (Table 2)', markdown: md, ...verdictOf(claims) };
}

function maxOf(es: (Estimate | undefined)[]): Estimate | undefined {
  const xs = es.filter((e): e is Estimate => !!e);
  return xs.length ? xs.reduce((m, e) => (e.mean > m.mean ? e : m)) : undefined;
}

function sectionTable6(s: Summary | undefined): Section {
  const labels = ['Neg (grpo)', 'Pos (grpo)', 'Neg (dr_grpo)', 'Pos (dr_grpo)'];
  const rows = labels.map((l) => {
    const a = arm(s, l);
    const keys = ['in-30', 'in-83', 'in-30 (short)', 'in-83 (short)'];
    return [l, ...keys.map((k) => show(value(a, SC, k))), PAPER.table6[l].join(' / ')];
  });
  const drop = (l: string) => avg([value(arm(s, l), SC, 'in-30'), value(arm(s, l), SC, 'in-83')]) && avg([value(arm(s, l), SC, 'in-30 (short)'), value(arm(s, l), SC, 'in-83 (short)')])
    ? { mean: avg([value(arm(s, l), SC, 'in-30'), value(arm(s, l), SC, 'in-83')])!.mean - avg([value(arm(s, l), SC, 'in-30 (short)'), value(arm(s, l), SC, 'in-83 (short)')])!.mean, ci: [0, 0] as [number, number], n: 1 }
    : undefined;
  const mk = (d?: { mean: number; ci: [number, number]; n: number }) => (d ? { ...d, ci: [d.mean, d.mean] as [number, number] } : undefined);
  const claims = [
    chain('with grpo, a length cap costs Neg more than Pos', [['Neg drop', mk(drop('Neg (grpo)'))], ['Pos drop', mk(drop('Pos (grpo)'))]], [true]),
    chain('with dr_grpo too (the trend survives removing the length bias)', [['Neg drop', mk(drop('Neg (dr_grpo)'))], ['Pos drop', mk(drop('Pos (dr_grpo)'))]], [true]),
  ];
  const md = [table(['arm', 'in-30', 'in-83', 'in-30 (short)', 'in-83 (short)', 'paper: AIME24 / AMC23 / 8K / 8K'], rows), '', claimList(claims)].join('\n');
  return { id: 'C.1', title: 'Table 6 — length bias: grpo vs dr_grpo', markdown: md, ...verdictOf(claims) };
}

function sectionFigure2(s: Summary | undefined): Section {
  const c = study(arm(s, 'Orig'), 'census');
  const eff = c?.values.effectiveShare;
  const md = c
    ? table(['', 'all correct', 'all wrong', 'effective', 'mean accuracy', 'paper effective'], [['our training set, base policy', show(c.values.allCorrectShare), show(c.values.allWrongShare), show(eff), show(c.values.meanAccuracy), `${PAPER.figure2Effective['DeepScaleR-40K']} (DeepScaleR-40K), ${PAPER.figure2Effective['OpenThought-114K']} (OpenThought-114K)`]])
    : 'not run';
  const claims: Claim[] = eff ? [{ text: 'more than half of the training problems give zero advantage with 8 rollouts', holds: eff.mean < 0.5, clearly: eff.mean < 0.5, detail: `effective share ${f1(eff.mean)} %` }] : [];
  return { id: '4.0', title: 'Figure 2 — how much of the data gives no gradient', markdown: `${md}\n\n${claimList(claims)}`, ...verdictOf(claims) };
}

function sectionTable3(s: Summary | undefined): Section {
  const labels = s?.arms.map((a) => a.arm) ?? [];
  const suites = ['in-30', 'in-83', 'in-500', 'in-675'];
  const agg = (l: string) => ({
    pass1: avg(suites.map((x) => value(arm(s, l), `pass1 ${x}`, 'pass1'))),
    length: avg(suites.map((x) => value(arm(s, l), `pass1 ${x}`, 'meanLength'))),
  });
  const orig = agg('Orig');
  const rows = labels.map((l) => {
    const a = agg(l);
    const saved = a.length && orig.length ? ((1 - a.length.mean / orig.length.mean) * 100).toFixed(1) : '—';
    const paperKey = l.replace('cap 96', 'cap 8K').replace('cap 64', 'cap 4K');
    const p = PAPER.table3[paperKey];
    return [l, show(a.pass1), a.length ? a.length.mean.toFixed(1) : '—', saved, p ? `${p.pass1} · ${p.length} · ${p.saved}` : '—'];
  });
  const claims: Claim[] = [];
  for (const cap of ['cap 96', 'cap 64']) {
    const plain = agg(cap);
    const rlr = agg(`RLR+${cap}`);
    if (!plain.length || !rlr.length || !plain.pass1 || !rlr.pass1 || !orig.pass1) continue;
    const savedRlr = 1 - rlr.length.mean / orig.length!.mean;
    const savedPlain = 1 - plain.length.mean / orig.length!.mean;
    claims.push({ text: `RLR+${cap} saves clearly more tokens than ${cap} alone (≥ 5 points more)`, holds: savedRlr - savedPlain >= 0.05, clearly: savedRlr - savedPlain >= 0.05, detail: `saved ${f1(savedRlr)} % vs ${f1(savedPlain)} %` });
    const dropPts = (orig.pass1.mean - rlr.pass1.mean) * 100;
    claims.push({ text: `RLR+${cap} costs at most 2 points of Pass@1 against Orig`, holds: dropPts <= 2, clearly: dropPts <= 2 && rlr.pass1.ci[1] >= orig.pass1.ci[0], detail: `Orig ${f1(orig.pass1.mean)}, RLR ${f1(rlr.pass1.mean)}` });
  }
  const md = [table(['arm', 'Pass@1 (avg of 4 suites)', 'length (tokens)', 'tokens saved %', 'paper: Pass@1 · length · saved %'], rows), '', claimList(claims)].join('\n');
  return { id: '4.1', title: 'Takeaway 4.1 — relative length reward (Table 3)', markdown: md, ...verdictOf(claims) };
}

function sectionFigure3(s: Summary | undefined): Section {
  const labels = s?.arms.map((a) => a.arm) ?? [];
  const steps = [...new Set((s?.arms ?? []).flatMap((a) => a.evals.map((e) => e.step)))].sort((a, b) => a - b);
  const curve = table(['step', ...labels], steps.map((st) => [String(st), ...labels.map((l) => show(arm(s, l)?.evals.find((e) => e.step === st)?.pass1))]));
  const final = (l: string) => value(arm(s, l), 'pass1 in-30', 'pass1');
  const claims = ['injection', 'injection+LUFFY'].map((l) => {
    const a = final(l);
    const b = final('continued');
    if (!a || !b) return { text: `${l} does not beat continued training`, holds: false, clearly: false, detail: 'not measured' };
    const beats = a.ci[0] > b.ci[1];
    return { text: `${l} does not clearly beat continued training on in-30`, holds: !beats, clearly: !beats && a.mean <= b.mean, detail: `${l} ${f1(a.mean)}, continued ${f1(b.mean)}` };
  });
  const md = [`Pass@1 on in-30 during training:`, '', curve, '', table(['arm', 'final Pass@1 on in-30'], labels.map((l) => [l, show(final(l))])), '', claimList(claims)].join('\n');
  return { id: '4.2', title: 'Takeaway 4.2 — offline sample injection (Figure 3)', markdown: md, ...verdictOf(claims) };
}

function sectionInstability(s: Summary | undefined): Section[] {
  const o = arm(s, 'Orig');
  const suites = ['in-30', 'in-83', 'in-500', 'in-675'];
  const t4 = table(['suite', 'Pass@1', 'runs std', 'max gap between single runs', 'uncertain %', 'paper uncertain %'], suites.map((x) => [x, show(value(o, `pass1 ${x}`, 'pass1')), show(value(o, `pass1 ${x}`, 'runStd')), show(value(o, `pass1 ${x}`, 'maxRunGap')), show(value(o, `pass1 ${x}`, 'uncertainShare')), String(PAPER.table4Uncertain[x])]));
  const gap = (x: string) => value(o, `pass1 ${x}`, 'maxRunGap');
  const unc = (x: string) => value(o, `pass1 ${x}`, 'uncertainShare');
  const sweep = study(o, 'temperatureSweep in-30');
  const temps = sweep ? [...new Set(Object.keys(sweep.values).filter((k) => k.startsWith('pass1@T')).map((k) => k.slice('pass1@T'.length)))] : [];
  const sweepTable = sweep ? table(['temperature', 'Pass@1', 'run std', 'max gap'], temps.map((t) => [t, show(sweep.values[`pass1@T${t}`]), show(sweep.values[`std@T${t}`]), show(sweep.values[`gap@T${t}`])])) : 'not run';
  const c51: Claim[] = [
    { text: 'single runs of in-30 differ by several points (max gap ≥ 5 points)', holds: (gap('in-30')?.mean ?? 0) >= 0.05, clearly: (gap('in-30')?.mean ?? 0) >= 0.05, detail: `max gap ${gap('in-30') ? f1(gap('in-30')!.mean) : '—'} points` },
    { text: 'the spread persists at every sampling temperature above 0', holds: temps.filter((t) => Number(t) > 0).every((t) => (sweep!.values[`gap@T${t}`]?.mean ?? 0) > 0), clearly: temps.filter((t) => Number(t) > 0).every((t) => (sweep!.values[`gap@T${t}`]?.mean ?? 0) >= 0.03), detail: temps.map((t) => `T ${t}: ${f1(sweep!.values[`gap@T${t}`]?.mean ?? 0)}`).join(', ') || 'not measured' },
  ];
  const ranks = (f: (x: string) => Estimate | undefined) => suites.map((x) => f(x)?.mean ?? NaN);
  const spearman = rankCorrelation(ranks(unc), ranks(gap));
  const c52: Claim[] = [
    chain('the hardest small suite (in-30) has a larger uncertain share than the large easy one (in-500)', [['in-30', unc('in-30')], ['in-500', unc('in-500')]], [true]),
    { text: 'across suites, more uncertain problems go with larger run-to-run gaps (rank correlation > 0)', holds: spearman > 0, clearly: spearman >= 0.8, detail: `Spearman ρ = ${Number.isFinite(spearman) ? spearman.toFixed(2) : '—'}` },
  ];
  const g = study(o, 'greedy in-30');
  const p = study(o, 'perturbation in-30');
  const gaps = ['in-30', 'in-83'].map((x) => study(o, `maxGap ${x}`));
  const t7 = gaps.map((st, i) => {
    const x = ['in-30', 'in-83'][i];
    if (!st) return `${x}: not run`;
    const ns = Object.keys(st.values).filter((k) => k.startsWith('gap@')).map((k) => Number(k.slice(4))).sort((a, b) => a - b);
    return `${x}:\n\n${table(['runs per trial', 'mean Pass@1', 'max gap (4 trials)', 'paper max gap'], ns.map((n) => [String(n), show(st.values[`pass1@${n}`]), show(st.values[`gap@${n}`]), String(PAPER.table7Gap[x]?.[n] ?? '—')]))}`;
  });
  const g30 = gaps[0];
  const nsAll = g30 ? Object.keys(g30.values).filter((k) => k.startsWith('gap@')).map((k) => Number(k.slice(4))).sort((a, b) => a - b) : [];
  const c53: Claim[] = [
    { text: 'greedy decoding turns uncertain problems into certain-looking ones (uncertain share under greedy < sampled)', holds: !!g && g.values.greedyPass1 !== undefined && (g.values.sampledUncertain?.mean ?? 0) > 0, clearly: !!g && (g.values.sampledUncertain?.mean ?? 0) >= 0.1, detail: g ? `sampled uncertain ${f1(g.values.sampledUncertain.mean)} %, greedy 0 % by construction; greedy Pass@1 ${f1(g.values.greedyPass1.mean)} vs sampled ${f1(g.values.sampledPass1.mean)}` : 'not measured' },
    { text: 'one GRPO step flips the greedy correctness of some problems', holds: (p?.values.flips?.mean ?? 0) > 0, clearly: (p?.values.flips?.mean ?? 0) >= 1, detail: p ? `${p.values.flips.mean} flips (${p.values.wrongToRight.mean} wrong→right, ${p.values.rightToWrong.mean} right→wrong) of 30` : 'not measured' },
    { text: 'averaging more runs shrinks the max gap between trials (largest n vs 4 runs on in-30)', holds: nsAll.length >= 2 && g30!.values[`gap@${nsAll[nsAll.length - 1]}`].mean < g30!.values[`gap@${nsAll[0]}`].mean, clearly: nsAll.length >= 2 && g30!.values[`gap@${nsAll[nsAll.length - 1]}`].mean < 0.5 * g30!.values[`gap@${nsAll[0]}`].mean, detail: nsAll.length ? nsAll.map((n) => `${n}: ${f1(g30!.values[`gap@${n}`].mean)}`).join(', ') : 'not measured' },
  ];
  const greedyRows = g ? Object.entries(g.values).filter(([k]) => k.startsWith('flips@')).map(([k, v]) => [k.replace('flips@', ''), v.mean.toFixed(0)]) : [];
  return [
    { id: '5.1', title: 'Takeaway 5.1 — evaluation scores are unstable (Figure 4)', markdown: [t4, '', 'Temperature sweep on in-30 (Figure 4b):', '', sweepTable, '', claimList(c51)].join('\n'), ...verdictOf(c51) },
    { id: '5.2', title: 'Takeaway 5.2 — uncertain problems cause the instability (Table 4, Figure 5a)', markdown: claimList(c52), ...verdictOf(c52) },
    {
      id: '5.3',
      title: 'Takeaway 5.3 — greedy decoding misleads; more runs stabilise (Figure 5b-d, Table 7)',
      markdown: [t7.join('\n\n'), '', greedyRows.length ? `Greedy answers that changed only because of the batch they were decoded in, or the backend (the paper's Q2):\n\n${table(['compared with batch ' + '1', 'problems flipped'], greedyRows)}` : '', '', claimList(c53)].join('\n'),
      ...verdictOf(c53),
    },
  ];
}

function rankCorrelation(a: number[], b: number[]): number {
  if (a.some((x) => !Number.isFinite(x)) || b.some((x) => !Number.isFinite(x))) return NaN;
  const rank = (xs: number[]) => xs.map((x) => xs.filter((y) => y < x).length + (xs.filter((y) => y === x).length - 1) / 2);
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  const ma = ra.reduce((s, x) => s + x, 0) / n;
  const mb = rb.reduce((s, x) => s + x, 0) / n;
  const cov = ra.reduce((s, x, i) => s + (x - ma) * (rb[i] - mb), 0);
  const va = Math.sqrt(ra.reduce((s, x) => s + (x - ma) ** 2, 0));
  const vb = Math.sqrt(rb.reduce((s, x) => s + (x - mb) ** 2, 0));
  return va && vb ? cov / (va * vb) : NaN;
}

export function buildSections(summaries: Summaries): Section[] {
  return [
    sectionTable1(summaries['pos-neg']),
    sectionTable2(summaries['neg-pretrain']),
    sectionTable6(summaries['length-bias']),
    sectionFigure2(summaries['zero-advantage']),
    sectionTable3(summaries['rlr']),
    sectionFigure3(summaries['injection']),
    ...sectionInstability(summaries['instability']),
  ];
}

export function renderReport(summaries: Summaries, meta: { generatedAt: string; machine: string; size: string; command: string; notes: string[] }): string {
  const sections = buildSections(summaries);
  const presets = Object.entries(summaries).filter((e): e is [string, Summary] => !!e[1]);
  const backend = presets.find(([, s]) => s.backend)?.[1].backend;
  const totalWall = presets.reduce((a, [, s]) => a + s.wallSeconds, 0);
  const lines = [
    '# GRPO Lab — reproduction report',
    '',
    `Generated ${meta.generatedAt} by \`${meta.command}\` on ${meta.machine}, ${meta.size} sizes, backend ${backend ? `${backend.name} (${backend.adapter})` : '—'}. Total wall time ${(totalWall / 3600).toFixed(2)} h.`,
    '',
    '| preset | paper | units | wall time |',
    '|---|---|---|---|',
    ...presets.map(([id, s]) => `| ${id} | ${s.paper} | ${s.units.filter((u) => u.status === 'done').length}/${s.units.length} | ${(s.wallSeconds / 60).toFixed(1)} min |`),
    '',
    '## Verdicts',
    '',
    '| takeaway / result | verdict | why |',
    '|---|---|---|',
    ...sections.map((x) => `| ${x.title.split(' — ')[0]} | **${x.verdict}** | ${x.why} |`),
    '',
    ...meta.notes.map((n) => `> ${n}`),
    '',
  ];
  for (const x of sections) {
    lines.push(`## ${x.title}`, '');
    if (TAKEAWAYS[x.id]) lines.push(`> Paper: ${TAKEAWAYS[x.id]}`, '');
    lines.push(x.markdown, '', `**Verdict: ${x.verdict}.** ${x.why}`, '');
  }
  return lines.join('\n');
}
