/** The registry of inference methods; `settings.method` names one of them. */
import { ConfigError } from '../../errors.ts';
import type { AbMethod } from '../ab-types.ts';
import { bayesianMethod } from './bayesian.ts';
import { frequentistMethod } from './frequentist.ts';
import type { AbMethodStrategy } from './method.ts';
import { sequentialMethod } from './sequential.ts';

export const abMethods: Readonly<Record<AbMethod, AbMethodStrategy>> = {
  frequentist: frequentistMethod,
  sequential: sequentialMethod,
  bayesian: bayesianMethod,
};

export function getAbMethod(name: string): AbMethodStrategy {
  const method = (abMethods as Record<string, AbMethodStrategy | undefined>)[name];
  if (!method) {
    throw new ConfigError(`unknown A/B method "${name}"`, {
      hint: `known: ${Object.keys(abMethods).join(', ')}`,
    });
  }
  return method;
}

export type { AbMethodStrategy, CompareOptions, Comparison, TestSide } from './method.ts';
