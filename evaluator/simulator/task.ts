import type { ChatRequest } from '../providers/provider.ts';

/** What a simulated task sees for one request. */
export type SimContext = {
  request: ChatRequest;
  /** Everything in the prompt except the case (see split.ts). */
  instructions: string;
  /** The case: the ticket, the invoice. */
  input: string;
  /**
   * A uniform draw in [0, 1) for a named decision, fixed by (seed, task, input, name): the same case meets the
   * same luck under every prompt, so a prompt with higher success probabilities never does worse on it.
   */
  draw(name: string): number;
};

/** A failing case as a reflection meta-prompt lists it. */
export type FailureCase = { input: string; expected: string; output: string };

/** A plausible edit an "optimizer model" would make to an instruction text. */
export type PromptEdit = {
  name: string;
  /** Helpful edits fix something the task's success function rewards; the others are what a model also does. */
  helpful: boolean;
  applies(text: string, failures: readonly FailureCase[]): boolean;
  apply(text: string, failures: readonly FailureCase[], u: number): string;
};

export type SimTask = {
  name: string;
  description: string;
  answer(ctx: SimContext): string;
  /** Edits the simulator chooses from when it answers evolution operators' meta-prompts. */
  edits: readonly PromptEdit[];
  /** Words that make a sentence relevant to this task (for the irrelevant-text penalty and edits). */
  vocabulary: readonly string[];
};
