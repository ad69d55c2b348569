import { readFileSync } from 'node:fs';

export type PodLabelVariantOptions = {
  /** A downward-API volume file of `metadata.labels`, e.g. `/etc/podinfo/labels`. */
  file: string;
  /** The pod label holding the variant (set by the Rollout's stableMetadata / canaryMetadata). */
  label?: string;
  /** When the file or the label is missing (outside Kubernetes, or before the kubelet wrote it). */
  fallback?: string;
  /** Re-read the file at most this often; the kubelet refreshes it within about a minute of a label change. */
  maxAgeMs?: number;
  now?: () => number;
};

/** Parses the downward-API labels file: one `key="value"` per line, values JSON-style quoted. */
export function parsePodLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([^=]+)=(".*")$/.exec(line.trim());
    if (!m) continue;
    try {
      labels[m[1] as string] = JSON.parse(m[2] as string) as string;
    } catch {
      // A value this parser cannot read is not the variant label.
    }
  }
  return labels;
}

/**
 * A `variant` function for `createOutcomeRecorder` that follows the pod's label: Argo Rollouts relabels a canary
 * pod as stable when it is promoted, and the downward-API file follows, so outcomes stay correctly attributed
 * without a restart. The file is read at most every `maxAgeMs` (default 5 s), never on every request.
 */
export function variantFromPodLabels(options: PodLabelVariantOptions): () => string {
  const label = options.label ?? 'variant';
  const fallback = options.fallback ?? 'stable';
  const maxAgeMs = options.maxAgeMs ?? 5000;
  const now = options.now ?? Date.now;
  let cached = fallback;
  let readAt = Number.NEGATIVE_INFINITY;
  return () => {
    const t = now();
    if (t - readAt >= maxAgeMs) {
      readAt = t;
      try {
        cached = parsePodLabels(readFileSync(options.file, 'utf8'))[label] || fallback;
      } catch {
        // No downward-API labels file (not in a pod, or not mounted): the fallback label.
        cached = fallback;
      }
    }
    return cached;
  };
}
