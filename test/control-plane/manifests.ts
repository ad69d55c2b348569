/** Applying YAML manifests to a (test) API server: server-side apply, and waiting for CRDs to be Established. */
import { readFileSync } from 'node:fs';
import { type RequestOptions, request } from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import {
  ApiException,
  ApiextensionsV1Api,
  type KubeConfig,
  type KubernetesObject,
  KubernetesObjectApi,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';

export const FIELD_MANAGER = 'evohub-test';

/** Every non-empty document of a (multi-document) YAML file. */
export function loadManifests(path: string): KubernetesObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc) => doc.toJS({ maxAliasCount: -1 }) as KubernetesObject | null)
    .filter((o): o is KubernetesObject => o !== null && typeof o === 'object' && typeof o.kind === 'string');
}

/** Exposes the client's discovery-backed URL of an object (protected upstream). */
class ResourcePaths extends KubernetesObjectApi {
  useNamespaceOf(kc: KubeConfig): void {
    this.setDefaultNamespace(kc);
  }

  pathOf(obj: KubernetesObject): Promise<string> {
    return this.specUriPath(obj, 'patch');
  }
}

/** One raw HTTPS request with the KubeConfig's server, CA and credentials; JSON in, JSON out. */
async function rawRequest(
  kc: KubeConfig,
  method: string,
  path: string,
  contentType: string,
  body: string,
): Promise<unknown> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('the KubeConfig has no current cluster');
  const opts: RequestOptions = {
    method,
    headers: { 'content-type': contentType, accept: 'application/json' },
  };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = request(`${server}${path}`, opts, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) {
          resolve(JSON.parse(text));
          return;
        }
        const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
        reject(
          new ApiException(code, `HTTP ${code} ${method} ${path}: ${text.slice(0, 2000)}`, text, headers),
        );
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Server-side applies each object (creating or updating it); `dryRun: true` asks the server to validate and
 * admit without persisting. The body is sent as it is: client-node's typed serializer would silently drop
 * fields such as a CRD schema's `enum`, `default` and `x-kubernetes-validations` from plain YAML objects.
 * Server-side apply also takes CRDs too large for client-side apply's annotation.
 */
export async function applyObjects(
  kc: KubeConfig,
  objects: KubernetesObject[],
  options: { dryRun?: boolean } = {},
): Promise<KubernetesObject[]> {
  const paths = kc.makeApiClient(ResourcePaths);
  paths.useNamespaceOf(kc);
  const query = `?fieldManager=${FIELD_MANAGER}&force=true${options.dryRun ? '&dryRun=All' : ''}`;
  const applied: KubernetesObject[] = [];
  for (const obj of objects) {
    const path = await paths.pathOf(structuredClone(obj));
    const body = JSON.stringify(obj); // JSON is YAML
    applied.push(
      (await rawRequest(kc, 'PATCH', path + query, 'application/apply-patch+yaml', body)) as KubernetesObject,
    );
  }
  return applied;
}

export async function applyManifestFile(
  kc: KubeConfig,
  path: string,
  options: { dryRun?: boolean } = {},
): Promise<KubernetesObject[]> {
  return applyObjects(kc, loadManifests(path), options);
}

export function crdEstablished(crd: V1CustomResourceDefinition): boolean {
  return (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

/** Polls until the CRD's Established condition is True (the API server then serves its resource). */
export async function waitForCrdEstablished(
  kc: KubeConfig,
  name: string,
  timeoutMs = 60_000,
): Promise<V1CustomResourceDefinition> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const crd = await api.readCustomResourceDefinition({ name });
    if (crdEstablished(crd)) return crd;
    if (Date.now() > deadline) {
      throw new Error(
        `CRD ${name} not Established after ${timeoutMs} ms: ${JSON.stringify(crd.status?.conditions)}`,
      );
    }
    await delay(100);
  }
}
