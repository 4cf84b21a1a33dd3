/**
 * Studies: the evaluator's experiments on a loaded policy (Pass@1, max gap, temperature sweep,
 * greedy, perturbation, census, scorecard). They sit above ../training (they sample the policy
 * with sampleSuite, and the perturbation study takes one GrpoTrainer step) and ../eval (whose
 * pure metrics, study schemas and result schemas they fill in).
 */
export { runStudy, studySeed, StudyStoppedError, SCORECARD_COLUMNS, type StudyContext, type StudyProgress, type StudyReport } from './run-study';
