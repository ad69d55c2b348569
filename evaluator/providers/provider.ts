import type { ProviderSettings } from '../../core/config/types.ts';
import type { Message, ModelParameters, PromptFile } from '../../core/prompt/types.ts';

/** One chat call, provider-neutral. */
export type ChatRequest = {
  /** The model part of the reference, e.g. `gpt-4o-mini` for `openai/gpt-4o-mini`. */
  model: string;
  messages: Message[];
  parameters: ModelParameters;
  responseFormat?: PromptFile['responseFormat'];
  jsonSchema?: PromptFile['jsonSchema'];
  /** Seed for providers that take one (the simulator is deterministic for a seed). */
  seed?: number;
  signal?: AbortSignal;
};

export type Usage = { inputTokens: number; outputTokens: number };

export type ChatResponse = {
  text: string;
  usage: Usage;
  /** Wall time of the call as the provider saw it (the simulator reports a modelled latency). */
  latencyMs: number;
  /** Set when the provider knows the price; otherwise the pricing table fills it in. */
  costUsd?: number;
  /** True for the simulated provider: its outputs are not from a model and are labelled as such. */
  simulated: boolean;
};

/** A configured provider instance for one model reference (`openai/gpt-4o-mini`, `simulated/ticket-triage`). */
export interface Provider {
  /** The full reference, `<prefix>/<model>`. */
  readonly id: string;
  readonly simulated: boolean;
  complete(request: ChatRequest): Promise<ChatResponse>;
}

/** Provider settings from `evohub.yaml` (`providers.<prefix>`); core's config type is the source. */
export type ProviderConfig = ProviderSettings;

export type ProviderContext = {
  /** The reference after the prefix, e.g. `gpt-4o-mini`. */
  model: string;
  config: ProviderConfig;
  env: Readonly<Record<string, string | undefined>>;
  /** Directory against which `file:` module paths resolve. */
  baseDir: string;
};

/** A registry entry: each provider file exports one of these. */
export type ProviderFactory = {
  prefix: string;
  description: string;
  create(ctx: ProviderContext): Provider | Promise<Provider>;
};
