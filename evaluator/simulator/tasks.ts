import { invoiceExtractTask } from './invoice-extract.ts';
import { reviewSentimentTask } from './review-sentiment.ts';
import type { SimTask } from './task.ts';
import { ticketTriageTask } from './ticket-triage.ts';

/** The simulator's tasks (`simulated/<task>`). Each file exports its task with name and description. */
export const SIM_TASKS: readonly SimTask[] = [ticketTriageTask, invoiceExtractTask, reviewSentimentTask];

export function findSimTask(name: string): SimTask | undefined {
  return SIM_TASKS.find((t) => t.name === name);
}
