import { Injectable } from '@nestjs/common';
import { verifyBcryptApiKey } from '@insights/db';

/** The one place a widget key meets a bcrypt hash, so the cost of those comparisons has one door. */
@Injectable()
export class BcryptKeyChecker {
  matches(key: string, hash: string): Promise<boolean> {
    return verifyBcryptApiKey(key, hash);
  }
}
