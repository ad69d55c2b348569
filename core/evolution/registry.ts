/**
 * Registries of strategies (genome types, operators, selection schemes, diversity mechanisms, algorithms). Each
 * strategy declares its name, a one-line description and its options with defaults; an unknown name or option is
 * a ConfigError listing what is known. Registries are immutable values: `with(...)` returns an extended copy, so
 * there is no module-level mutable state and a user's custom operator never leaks into another run.
 */
import { ConfigError } from '../errors.ts';

export type OptionType = 'number' | 'integer' | 'boolean' | 'string' | 'number[]' | 'object';

export type OptionSpec = {
  name: string;
  description: string;
  type: OptionType;
  /** `undefined` means the option is optional with a computed default (the description says which). */
  default?: unknown;
  required?: boolean;
  min?: number;
  max?: number;
  choices?: readonly string[];
};

export type Strategy = {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
};

export type Options = Record<string, unknown>;

export type Registry<T extends Strategy> = {
  readonly kind: string;
  get(name: string): T;
  has(name: string): boolean;
  list(): readonly T[];
  names(): string[];
  /** A new registry with these entries added (replacing any of the same name). */
  with(...entries: T[]): Registry<T>;
};

export function createRegistry<T extends Strategy>(kind: string, entries: readonly T[]): Registry<T> {
  const map = new Map<string, T>();
  for (const e of entries) map.set(e.name, e);
  const names = () => [...map.keys()].sort();
  return Object.freeze({
    kind,
    get(name: string): T {
      const found = map.get(name);
      if (!found) {
        throw new ConfigError(`unknown ${kind} '${name}'`, { hint: `known ${kind}s: ${names().join(', ')}` });
      }
      return found;
    },
    has: (name: string) => map.has(name),
    list: () => [...map.values()],
    names,
    with: (...more: T[]) => createRegistry(kind, [...map.values(), ...more]),
  });
}

function typeOk(type: OptionType, v: unknown): boolean {
  switch (type) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'number[]':
      return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
    case 'object':
      return typeof v === 'object' && v !== null;
  }
}

/** Merges defaults into the given options and checks names, types, ranges and choices. */
export function resolveOptions(kind: string, strategy: Strategy, given: Options | undefined): Options {
  const where = `${kind} '${strategy.name}'`;
  const known = new Map(strategy.options.map((o) => [o.name, o]));
  for (const key of Object.keys(given ?? {})) {
    if (!known.has(key)) {
      const list = [...known.keys()].join(', ') || '(none)';
      throw new ConfigError(`${where}: unknown option '${key}'`, { hint: `known options: ${list}` });
    }
  }
  const out: Options = {};
  for (const spec of strategy.options) {
    const v = given?.[spec.name] ?? spec.default;
    if (v === undefined) {
      if (spec.required)
        throw new ConfigError(`${where}: option '${spec.name}' is required (${spec.description})`);
      continue;
    }
    if (!typeOk(spec.type, v)) {
      throw new ConfigError(`${where}: option '${spec.name}' must be ${spec.type}, got ${JSON.stringify(v)}`);
    }
    if (typeof v === 'number' && (v < (spec.min ?? -Infinity) || v > (spec.max ?? Infinity))) {
      throw new ConfigError(
        `${where}: option '${spec.name}' must be in [${spec.min ?? '-∞'}, ${spec.max ?? '∞'}], got ${v}`,
      );
    }
    if (spec.choices && !spec.choices.includes(v as string)) {
      throw new ConfigError(
        `${where}: option '${spec.name}' must be one of ${spec.choices.join(', ')}, got '${v}'`,
      );
    }
    out[spec.name] = v;
  }
  return out;
}

/** Describes a registry's entries for `--help` style listings. */
export function describeRegistry(registry: Registry<Strategy>): string {
  return registry
    .list()
    .map((s) => {
      const opts = s.options
        .map((o) => `${o.name}=${o.default === undefined ? '(auto)' : JSON.stringify(o.default)}`)
        .join(' ');
      return `${s.name}: ${s.description}${opts ? ` [${opts}]` : ''}`;
    })
    .join('\n');
}
