// Rate limits need to tell clients apart without remembering who they are: the address is
// hashed with a random salt that lives only in memory and is replaced every day, so no
// address, nor anything that could be reversed into one, is ever written down.
import { createHmac, randomBytes } from 'node:crypto';

export function createClientKey(now: () => Date = () => new Date()) {
  let day = '';
  let salt = Buffer.alloc(0);
  return (address: string): string => {
    const today = now().toISOString().slice(0, 10);
    if (today !== day) {
      day = today;
      salt = randomBytes(32);
    }
    return createHmac('sha256', salt).update(address).digest('base64url').slice(0, 22);
  };
}
