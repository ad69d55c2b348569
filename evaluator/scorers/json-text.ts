/** Model output that should be JSON, often wrapped in a ```json fence: returns the JSON text inside. */
export function extractJsonText(output: string): string {
  const trimmed = output.trim();
  const fence = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(trimmed);
  return fence ? (fence[1] as string) : trimmed;
}

export function parseJsonOutput(output: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(extractJsonText(output)) };
  } catch (error) {
    // Output that is not JSON is a result the scorer reports with the parser's reason, not a crash.
    return { ok: false, error: (error as Error).message };
  }
}
