import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../../schemas/gate-config.schema.json' with { type: 'json' };
import { type Problem, UsageError, ValidationError } from '../errors.ts';
import { locate, parseYamlSource, schemaProblems, yamlData } from '../schema/index.ts';

export type GateMetricName = 'success' | 'error_rate' | 'latency' | 'cost' | 'rating';

/** `gate.yaml` with every default filled in. */
export type GateConfig = {
  prometheus?: string;
  /** Window as written (`30m`) and in seconds. */
  window: string;
  windowSeconds: number;
  prompt: string;
  selector: Record<string, string>;
  /** [stable, canary]. */
  variants: [GateVariant, GateVariant];
  minSamples: number;
  alpha: number;
  sequentialTuning: number;
  srmThreshold: number;
  primary: { metric: GateMetricName };
  guardrails: { metric: GateMetricName; margin: number }[];
};

export type GateVariant = { name: string; weight: number };

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `30s`, `5m`, `2h`, `1d` → seconds; null when malformed. */
export function durationSeconds(text: string): number | null {
  const m = /^([1-9][0-9]*)(s|m|h|d)$/.exec(text);
  return m ? Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number) : null;
}

/** `--window` value → [text, seconds], or a UsageError naming the flag (or query parameter). */
export function parseWindowFlag(text: string, flag = '--window'): [string, number] {
  const s = durationSeconds(text);
  if (s === null)
    throw new UsageError(`${flag} ${text} is not a duration`, { hint: 'e.g. 30s, 15m, 2h, 1d' });
  return [text, s];
}

/**
 * Reads `gate.yaml`: YAML syntax, then the JSON Schema, reporting every problem with its line and column, then
 * checks the schema cannot express (distinct variant names, each metric tested once).
 */
export function parseGateConfig(text: string, file: string): GateConfig {
  const { doc, problems: syntax } = parseYamlSource(text, file);
  if (syntax.length > 0) throw new ValidationError(syntax);
  const js = yamlData(doc, file);
  if (js.problems.length > 0) throw new ValidationError(js.problems);
  const data: unknown = js.data ?? {};
  // verbose: the shared message builder reads the failing schema from each error.
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true, useDefaults: true });
  const validate = ajv.compile(schema);
  if (!validate(data)) throw new ValidationError(schemaProblems(validate.errors ?? [], doc, file));
  const raw = data as Omit<GateConfig, 'windowSeconds' | 'selector'> & { selector?: Record<string, string> };
  const where = (...segments: (string | number)[]) => locate(doc, file, segments);
  const problems: Problem[] = [];
  const [stable, canary] = raw.variants;
  if (stable && canary && stable.name === canary.name) {
    problems.push({
      location: where('variants', 1, 'name'),
      message: 'the canary and stable variants need different names',
    });
  }
  const tested = [raw.primary.metric];
  raw.guardrails.forEach((g, i) => {
    if (tested.includes(g.metric)) {
      problems.push({
        location: where('guardrails', i, 'metric'),
        message: `metric ${g.metric} is already tested (as the primary metric or another guardrail)`,
      });
    }
    tested.push(g.metric);
  });
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    ...raw,
    selector: raw.selector ?? {},
    windowSeconds: durationSeconds(raw.window) as number,
  };
}

/**
 * The config with the traffic split a canary step set (`--canary-weight 10` → stable 90, canary 10): the SRM
 * check must compare with the split in force during the window, which changes at every `setWeight`.
 */
export function withCanaryWeight(config: GateConfig, text: string, flag = '--canary-weight'): GateConfig {
  const percent = Number(text);
  if (text.trim() === '' || !Number.isFinite(percent) || percent <= 0 || percent >= 100) {
    throw new UsageError(`${flag} ${text} must be a percentage between 0 and 100 (exclusive)`, {
      hint: 'the canary share of traffic set by the Rollout step, e.g. 10',
    });
  }
  const [stable, canary] = config.variants;
  return {
    ...config,
    variants: [
      { ...stable, weight: 100 - percent },
      { ...canary, weight: percent },
    ],
  };
}
