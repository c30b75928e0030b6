import { LoyaltyError, type LoyaltyIssue } from '../../errors/index.js';
import {
  hessianFromGradient,
  invertPositiveDefinite,
  minimize,
  minimizeNewton,
  type OptimizerReport,
} from '../math/index.js';
import * as msg from './messages.js';
import type { FitOptions, FittedModel } from './types.js';

/** What a model contributes to the shared maximum-likelihood driver. */
export interface ModelSpec<P> {
  /** Public function name, for messages. */
  readonly what: string;
  /** Parameter names in the order of `theta`. */
  readonly names: readonly (keyof P & string)[];
  /**
   * Total weighted log-likelihood at `theta`; when `grad` is given, writes ∂LL/∂theta into it, and
   * when `hess` is given too (only if {@link ModelSpec.hessian}), ∂²LL/∂theta² (row-major).
   */
  readonly logLikelihood: (
    theta: Float64Array,
    grad: Float64Array | undefined,
    hess?: Float64Array,
  ) => number;
  /** True when `logLikelihood` computes the Hessian: Newton's method, analytic standard errors. */
  readonly hessian?: boolean;
  /** Sum of the weights. */
  readonly totalWeight: number;
  /** Data-driven starting values (natural scale). */
  readonly initial: readonly number[];
}

/**
 * Maximizes a likelihood over log-parameters (so every parameter stays positive) with Newton's method
 * when the model gives its Hessian, BFGS otherwise, then computes standard errors from the Hessian
 * (the analytic one, or central differences of the analytic gradient).
 */
export function fitModel<K extends string, P>(
  model: K,
  spec: ModelSpec<P>,
  options: FitOptions<P> = {},
): FittedModel<K, P> {
  const { what, names, totalWeight: W } = spec;
  const penalizer = options.penalizer ?? 0;
  const issues: LoyaltyIssue[] = [];
  if (typeof penalizer !== 'number' || !Number.isFinite(penalizer) || penalizer < 0) {
    issues.push({
      code: 'invalid_option',
      path: ['options', 'penalizer'],
      message: msg.badOption('penalizer', 'a finite number >= 0', penalizer),
    });
  }
  const maxIterations = options.maxIterations ?? 500;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    issues.push({
      code: 'invalid_option',
      path: ['options', 'maxIterations'],
      message: msg.badOption('maxIterations', 'a positive whole number', maxIterations),
    });
  }
  const tolerance = options.tolerance ?? 1e-9;
  if (typeof tolerance !== 'number' || !(tolerance > 0) || !Number.isFinite(tolerance)) {
    issues.push({
      code: 'invalid_option',
      path: ['options', 'tolerance'],
      message: msg.badOption('tolerance', 'a positive number', tolerance),
    });
  }
  const start = names.map((name, i) => {
    const given = (options.initial as Record<string, unknown> | undefined)?.[name];
    if (given === undefined) return spec.initial[i]!;
    if (typeof given !== 'number' || !(given > 0) || !Number.isFinite(given)) {
      issues.push({
        code: 'invalid_option',
        path: ['options', 'initial', name],
        message: msg.badOption(`initial.${name}`, 'a positive finite number', given),
      });
      return 1;
    }
    return given;
  });
  if (issues.length > 0) throw new LoyaltyError('INVALID_ARGUMENT', `${what}: invalid options`, issues);

  const k = names.length;
  const theta = new Float64Array(k);
  const gTheta = new Float64Array(k);
  // The last few evaluations, so that the log-likelihood and gradient at the optimum (the
  // optimizer evaluated them there) are not computed again.
  const hTheta = new Float64Array(k * k);
  const recent = Array.from({ length: 4 }, () => ({
    u: new Float64Array(k).fill(Number.NaN),
    g: new Float64Array(k),
    h: new Float64Array(k * k),
    ll: 0,
  }));
  let next = 0;
  // f(u) = −LL(e^u)/W + penalizer Σ θ², its gradient and (when `Hu` is given) its Hessian in u.
  const evaluate = (u: Float64Array, g: Float64Array, Hu: Float64Array | undefined): number => {
    let penalty = 0;
    for (let i = 0; i < k; i++) {
      theta[i] = Math.exp(u[i]!);
      penalty += theta[i]! * theta[i]!;
    }
    const ll =
      Hu === undefined ? spec.logLikelihood(theta, gTheta) : spec.logLikelihood(theta, gTheta, hTheta);
    for (let i = 0; i < k; i++) g[i] = theta[i]! * (-gTheta[i]! / W + 2 * penalizer * theta[i]!);
    const slot = recent[next]!;
    next = (next + 1) % recent.length;
    slot.u.set(u);
    slot.g.set(g);
    slot.ll = ll;
    if (Hu !== undefined) {
      // ∂²f/∂u_i∂u_j = θ_i θ_j (−H_ij/W + 2 penalizer δ_ij) + δ_ij ∂f/∂u_i
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          const v = theta[i]! * theta[j]! * (-hTheta[i * k + j]! / W + (i === j ? 2 * penalizer : 0));
          Hu[i * k + j] = i === j ? v + g[i]! : v;
        }
      }
      slot.h.set(hTheta);
    } else {
      slot.h.fill(Number.NaN);
    }
    return -ll / W + penalizer * penalty;
  };
  const objective = (u: Float64Array, g: Float64Array): number => evaluate(u, g, undefined);
  const u0 = start.map((v) => Math.log(v));
  const report: OptimizerReport =
    spec.hessian === true
      ? minimizeNewton(evaluate, u0, { gradientTolerance: tolerance, maxIterations })
      : minimize(objective, u0, { gradientTolerance: tolerance, maxIterations });
  const estimate = Float64Array.from(report.x, Math.exp);
  const atOptimum = recent.find((e) => e.u.every((v, i) => v === report.x[i]));
  const logLikelihood = atOptimum?.ll ?? spec.logLikelihood(estimate, undefined);
  if (!Number.isFinite(logLikelihood) || !estimate.every(Number.isFinite)) {
    throw new LoyaltyError('NOT_CONVERGED', msg.nonFiniteFit(what));
  }
  if (!report.converged && options.strict === true) {
    throw new LoyaltyError('NOT_CONVERGED', msg.notConverged(what, report.message));
  }
  let se: P | null = null;
  if (report.converged) {
    if (spec.hessian === true) {
      let h = atOptimum?.h;
      if (h === undefined || !h.every(Number.isFinite)) {
        h = new Float64Array(k * k);
        spec.logLikelihood(estimate, new Float64Array(k), h);
      }
      // Observed information of the penalized total: −H + 2 W penalizer I.
      const info = Array.from({ length: k }, (_, i) =>
        Array.from({ length: k }, (_, j) => -h[i * k + j]! + (i === j ? 2 * W * penalizer : 0)),
      );
      se = fromCovariance<P>(names, invertPositiveDefinite(info));
    } else {
      const gradientAtOptimum = atOptimum === undefined ? undefined : Float64Array.from(atOptimum.g);
      se = standardErrors<P>(names, objective, report.x, W, gradientAtOptimum);
    }
  }
  const params = toRecord<P>(names, estimate);
  return Object.freeze({
    model,
    params,
    logLikelihood,
    converged: report.converged,
    iterations: report.iterations,
    standardErrors: se,
    customers: W,
    penalizer,
    optimizer: Object.freeze(report),
  });
}

function standardErrors<P>(
  names: readonly (keyof P & string)[],
  objective: (u: Float64Array, g: Float64Array) => number,
  u: readonly number[],
  W: number,
  gradientAtU: Float64Array | undefined,
): P | null {
  const k = u.length;
  const Hu = hessianFromGradient(
    (x, g) => void objective(x, g),
    u,
    () => 1e-4,
  );
  let gu = gradientAtU;
  if (gu === undefined) {
    gu = new Float64Array(k);
    objective(Float64Array.from(u), gu);
  }
  const theta = u.map(Math.exp);
  // Chain rule from log-parameters back to parameters, and from the mean back to the total.
  const H = Hu.map((row, i) =>
    row.map((v, j) => (W * (v - (i === j ? gu[i]! : 0))) / (theta[i]! * theta[j]!)),
  );
  return fromCovariance<P>(names, invertPositiveDefinite(H));
}

function fromCovariance<P>(names: readonly string[], cov: number[][] | undefined): P | null {
  if (cov === undefined) return null;
  return toRecord<P>(
    names,
    cov.map((row, i) => Math.sqrt(row[i]!)),
  );
}

function toRecord<P>(names: readonly string[], values: ArrayLike<number>): P {
  const out: Record<string, number> = {};
  names.forEach((name, i) => {
    out[name] = values[i]!;
  });
  return Object.freeze(out) as P;
}
