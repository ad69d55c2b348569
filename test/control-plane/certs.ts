/** Key material for a throwaway control plane: a self-signed serving cert and service-account signing keys. */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ServingCert = { certPath: string; keyPath: string; certPem: string };

/** Self-signed (it is its own CA) for 127.0.0.1 and localhost, so clients verify TLS against it. */
export function writeServingCert(dir: string): ServingCert {
  const certPath = join(dir, 'serving.crt');
  const keyPath = join(dir, 'serving.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=evohub-test-apiserver',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return { certPath, keyPath, certPem: readFileSync(certPath, 'utf8') };
}

export type ServiceAccountKeys = { publicKeyPath: string; privateKeyPath: string };

export function writeServiceAccountKeys(dir: string): ServiceAccountKeys {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const publicKeyPath = join(dir, 'sa.pub');
  const privateKeyPath = join(dir, 'sa.key');
  writeFileSync(publicKeyPath, publicKey);
  writeFileSync(privateKeyPath, privateKey, { mode: 0o600 });
  return { publicKeyPath, privateKeyPath };
}
