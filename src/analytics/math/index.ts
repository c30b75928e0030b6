export { digamma } from './digamma.js';
export { hessianFromGradient, invertPositiveDefinite } from './hessianFromGradient.js';
export { HYP2F1_MAX_TERMS, hyp2f1 } from './hyp2f1.js';
export { lnGamma } from './lnGamma.js';
export { log1mExp, log1pExp, logAddExp, logSumExp } from './logSumExp.js';
export {
  type MinimizeOptions,
  minimize,
  minimizeNewton,
  type Objective,
  type ObjectiveWithHessian,
  type OptimizerReport,
} from './minimize.js';
export { trigamma } from './trigamma.js';
