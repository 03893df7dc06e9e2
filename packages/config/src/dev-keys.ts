import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A local RSA key pair standing in for a Clerk instance's signing key, so development and tests
 * verify tokens through exactly the code production uses. Kept out of git (`.local/`).
 */
export const LOCAL_KEY_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '.local');

export interface KeyPair {
  publicKey: string;
  privateKey: string;
}

export function generateKeyPair(): KeyPair {
  // Clerk's networkless verification expects a 2048-bit RSA public key in PEM form.
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** Reads the local key pair, creating it on first use. */
export function localKeyPair(dir = LOCAL_KEY_DIR): KeyPair {
  const pub = join(dir, 'clerk-dev.pub.pem');
  const priv = join(dir, 'clerk-dev.key.pem');
  if (!existsSync(pub) || !existsSync(priv)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pair = generateKeyPair();
    writeFileSync(priv, pair.privateKey, { mode: 0o600 });
    writeFileSync(pub, pair.publicKey);
  }
  return { publicKey: readFileSync(pub, 'utf8'), privateKey: readFileSync(priv, 'utf8') };
}

/** A random secret for local use (e.g. Bull Board's password), created once and kept in .local/. */
export function localSecret(name: string, dir = LOCAL_KEY_DIR): string {
  const file = join(dir, name);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(12).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
