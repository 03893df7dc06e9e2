import { parseArgs } from 'node:util';
import { localKeyPair } from '@insights/config';
import { signSessionToken } from '@insights/testkit';
import { scriptConfig } from './lib/config.js';
import { DEMO_CLERK_USER_ID } from '@insights/testkit';

const { values } = parseArgs({
  options: {
    user: { type: 'string', default: DEMO_CLERK_USER_ID },
    hours: { type: 'string', default: '24' },
  },
});
const config = scriptConfig();
if (!config.auth.localKey) {
  console.error('CLERK_JWT_KEY is set to a real Clerk key: mint tokens with Clerk instead (this signs with the local key).');
  process.exit(1);
}
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0) {
  console.error('--hours must be a positive number');
  process.exit(1);
}
const token = signSessionToken(localKeyPair().privateKey, {
  sub: values.user!,
  azp: config.auth.authorizedParties[0],
  expiresIn: Math.round(hours * 3600),
});
console.log(token);
