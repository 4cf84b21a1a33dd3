/**
 * Training: what runs the policy model. The GRPO trainer (sample → reward → advantages → filter →
 * loss → Adam update → step metrics, composing the rules of ../grpo), the policy loss as a TF.js
 * graph over the model's log-probs, the run driver (steps, evaluations, checkpoints,
 * obeying the run's RunControl, the one home of its pause and stop) and sampleSuite, which samples a policy on a suite and verifies it (the
 * driver's evaluations and every study use it). The rules themselves live in ../grpo and ../eval.
 */
export { GrpoTrainer, type TrainerDeps, type TrainerState, type OptimizerSlot } from './trainer';
export { grpoLoss, type LossInputs, type LossSettings, type LossStats } from './loss';
export { RunDriver, InMemoryRunStore, type DriverOptions, type EvalPoint, type RunCheckpoint, type RunEvent, type RunStore } from './driver';
export { RunControl, type RunRequest } from './run-control';
export { sampleSuite, type SuiteResult, type SuiteSampling } from './sampling';
