import { describe, it, expect } from 'vitest';
import { Rng } from '../rng';
import { groupAdvantages } from './advantages';
import { buildInjectedGroup, planInjection, type InjectionPlan } from './injection';

const wrong = (n: number): boolean[] => Array.from({ length: n }, () => false);
const onlineIndices = (plan: InjectionPlan): number[] => plan.swaps.map((s) => s.online);
const offlineIndices = (plan: InjectionPlan): number[] => plan.swaps.map((s) => s.offline);
const distinct = (xs: number[]): boolean => new Set(xs).size === xs.length;

describe('planInjection (Section 4.3)', () => {
  it('injects at accuracy exactly γ (1/8 = .125) and never swaps out the correct sample', () => {
    const correct = wrong(8);
    correct[3] = true;
    const plan = planInjection(correct, { gamma: 0.125, numOffline: 4 }, new Rng(1));
    expect(plan.accuracy).toBe(0.125);
    expect(plan.triggered).toBe(true);
    expect(plan.swaps).toHaveLength(4);
    expect(onlineIndices(plan)).not.toContain(3);
    expect(distinct(onlineIndices(plan))).toBe(true);
    expect([...onlineIndices(plan)].sort((a, b) => a - b)).toEqual(onlineIndices(plan));
    expect([...offlineIndices(plan)].sort()).toEqual([0, 1, 2, 3]);
  });

  it('does not inject just above γ, and leaves the rng untouched', () => {
    const correct = wrong(8);
    correct[0] = correct[1] = true; // 2/8 = .25 > .125
    const rng = new Rng(9);
    const plan = planInjection(correct, { gamma: 0.125, numOffline: 4 }, rng);
    expect(plan).toEqual({ accuracy: 0.25, triggered: false, swaps: [] });
    expect(rng.next()).toBe(new Rng(9).next());
  });

  it('with K = 0 triggers but swaps nothing', () => {
    const plan = planInjection(wrong(8), { gamma: 0.125, numOffline: 0 }, new Rng(1));
    expect(plan.triggered).toBe(true);
    expect(plan.swaps).toEqual([]);
  });

  it('with K > G keeps one incorrect online sample, so the group is not all-correct again', () => {
    // G = 4, all wrong, K = 10: at most #incorrect − 1 = 3 swaps, offline picks distinct in [0, 10)
    const plan = planInjection(wrong(4), { gamma: 0.125, numOffline: 10 }, new Rng(2));
    expect(plan.swaps).toHaveLength(3);
    expect(distinct(offlineIndices(plan))).toBe(true);
    for (const o of offlineIndices(plan)) expect(o >= 0 && o < 10).toBe(true);
  });

  it('does not inject into an all-correct group', () => {
    const plan = planInjection([true, true, true, true], { gamma: 0.125, numOffline: 4 }, new Rng(1));
    expect(plan).toEqual({ accuracy: 1, triggered: false, swaps: [] });
    // even γ = 1 finds nothing to replace
    const always = planInjection([true, true, true, true], { gamma: 1, numOffline: 4 }, new Rng(1));
    expect(always.triggered).toBe(true);
    expect(always.swaps).toEqual([]);
  });

  it('handles a group of one and an empty group', () => {
    const one = planInjection([false], { gamma: 0.125, numOffline: 3 }, new Rng(1));
    expect(one).toEqual({ accuracy: 0, triggered: true, swaps: [] });
    expect(planInjection([], { gamma: 0.125, numOffline: 3 }, new Rng(1))).toEqual({ accuracy: 0, triggered: false, swaps: [] });
  });

  it('is reproducible from the seed', () => {
    const a = planInjection(wrong(8), { gamma: 0.125, numOffline: 3 }, new Rng(42));
    const b = planInjection(wrong(8), { gamma: 0.125, numOffline: 3 }, new Rng(42));
    expect(a).toEqual(b);
  });

  it('picks the swapped-out samples uniformly among the incorrect ones', () => {
    // G = 8 all wrong, K = 1: each index should be picked 1/8 of the time.
    // 8000 draws → 1000 each, σ = sqrt(8000 · 1/8 · 7/8) ≈ 29.6; allow ±5σ.
    const rng = new Rng(123);
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[planInjection(wrong(8), { gamma: 0.125, numOffline: 1 }, rng).swaps[0].online]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('picks which offline solutions to use uniformly when K exceeds the swaps', () => {
    // G = 2 all wrong → 1 swap; K = 4 → each solution 1/4 of 4000 = 1000, σ ≈ 27.4
    const rng = new Rng(321);
    const counts = new Array<number>(4).fill(0);
    for (let i = 0; i < 4000; i++) counts[planInjection(wrong(2), { gamma: 0.5, numOffline: 4 }, rng).swaps[0].offline]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(140);
  });

  it('validates γ and K', () => {
    expect(() => planInjection(wrong(2), { gamma: 1.5, numOffline: 1 }, new Rng(1))).toThrow(/gamma/);
    expect(() => planInjection(wrong(2), { gamma: 0.1, numOffline: -1 }, new Rng(1))).toThrow(/numOffline/);
    expect(() => planInjection(wrong(2), { gamma: 0.1, numOffline: 1.5 }, new Rng(1))).toThrow(/numOffline/);
  });
});

describe('buildInjectedGroup and Eq. 8', () => {
  const plan: InjectionPlan = { accuracy: 0, triggered: true, swaps: [{ online: 1, offline: 0 }, { online: 3, offline: 1 }] };

  it('puts each offline solution into the slot it swaps', () => {
    const g = buildInjectedGroup([0, 0, 0, 0], [1, 1, 1], plan);
    expect(g.rewards).toEqual([0, 1, 0, 1]);
    expect(g.offPolicy).toEqual([false, true, false, true]);
    expect(g.source).toEqual([
      { offPolicy: false, index: 0 },
      { offPolicy: true, index: 0 },
      { offPolicy: false, index: 2 },
      { offPolicy: true, index: 1 },
    ]);
  });

  it('gives the union its group advantages', () => {
    // union [0, 1, 0, 1]: mean .5; centred ±.5; std (N−1) = sqrt(1/3) = .57735…
    const { rewards } = buildInjectedGroup([0, 0, 0, 0], [1, 1], plan);
    const [scaled] = groupAdvantages([rewards], { scaleRewards: true });
    expect(scaled[1]).toBeCloseTo(0.5 / (Math.sqrt(1 / 3) + 1e-4), 12);
    expect(scaled[0]).toBeCloseTo(-0.5 / (Math.sqrt(1 / 3) + 1e-4), 12);
    // LUFFY keeps std normalisation off: ±.5
    expect(groupAdvantages([rewards], { scaleRewards: false })[0]).toEqual([-0.5, 0.5, -0.5, 0.5]);
  });

  it('keeps a correct online sample in the union (R_on without the swapped-out ones)', () => {
    // online [1, 0×7], offline solutions swapped into slots 5 and 6 → 3 ones, 5 zeros
    // mean 3/8; centred .625 / −.375; Σd² = 3·.390625 + 5·.140625 = 1.875; std = sqrt(1.875/7)
    const union = buildInjectedGroup([1, 0, 0, 0, 0, 0, 0, 0], [1, 1], {
      accuracy: 0.125,
      triggered: true,
      swaps: [{ online: 5, offline: 1 }, { online: 6, offline: 0 }],
    });
    expect(union.rewards).toEqual([1, 0, 0, 0, 0, 1, 1, 0]);
    const [a] = groupAdvantages([union.rewards], { scaleRewards: true, eps: 0 });
    const std = Math.sqrt(1.875 / 7);
    expect(a[0]).toBeCloseTo(0.625 / std, 12);
    expect(a[5]).toBeCloseTo(0.625 / std, 12);
    expect(a[1]).toBeCloseTo(-0.375 / std, 12);
  });

  it('turns an all-wrong group from zero advantage into a learning signal', () => {
    const online = wrong(8);
    const before = groupAdvantages([online.map(() => 0)], { scaleRewards: true })[0];
    expect(before.every((a) => a === 0)).toBe(true);
    const p = planInjection(online, { gamma: 0.125, numOffline: 4 }, new Rng(5));
    const union = buildInjectedGroup(online.map(() => 0), [1, 1, 1, 1], p);
    const after = groupAdvantages([union.rewards], { scaleRewards: true })[0];
    after.forEach((a, i) => expect(a > 0).toBe(union.offPolicy[i]));
  });

  it('with no swaps returns the online group unchanged', () => {
    const g = buildInjectedGroup([0, 1], [], { accuracy: 0.5, triggered: false, swaps: [] });
    expect(g.rewards).toEqual([0, 1]);
    expect(g.offPolicy).toEqual([false, false]);
    expect(buildInjectedGroup([], [], { accuracy: 0, triggered: false, swaps: [] }).rewards).toEqual([]);
  });

  it('rejects plans that do not fit the group', () => {
    const swaps = (online: number, offline: number): InjectionPlan => ({ accuracy: 0, triggered: true, swaps: [{ online, offline }] });
    expect(() => buildInjectedGroup([0, 0], [1], swaps(2, 0))).toThrow(/online sample 2/);
    expect(() => buildInjectedGroup([0, 0], [1], swaps(0, 1))).toThrow(/offline solution 1/);
    const twice: InjectionPlan = { accuracy: 0, triggered: true, swaps: [{ online: 0, offline: 0 }, { online: 1, offline: 0 }] };
    expect(() => buildInjectedGroup([0, 0], [1, 1], twice)).toThrow(/used twice/);
    const sameSlot: InjectionPlan = { accuracy: 0, triggered: true, swaps: [{ online: 0, offline: 0 }, { online: 0, offline: 1 }] };
    expect(() => buildInjectedGroup([0, 0], [1, 1], sameSlot)).toThrow(/repeated/);
  });
});
