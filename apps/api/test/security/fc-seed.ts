import fc from 'fast-check';

/**
 * The seed of this run's properties: FC_SEED when set (to replay a run), a new one otherwise.
 * Printed either way, so a run that failed can be replayed even when its failure message was
 * lost; set as fast-check's global seed, so every property of the run draws from it.
 */
export function runSeed(
  env: Record<string, string | undefined> = process.env,
  print: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): number {
  const given = env.FC_SEED?.trim();
  let seed: number;
  if (given) {
    seed = Number(given);
    if (!/^-?\d+$/.test(given) || seed < -(2 ** 31) || seed >= 2 ** 31) {
      throw new Error(`FC_SEED must be a whole number between -2147483648 and 2147483647 (got ${JSON.stringify(given)})`);
    }
    print(`fast-check seed ${seed} (from FC_SEED; unset it for a new one)`);
  } else {
    seed = Math.floor(Math.random() * 2 ** 31);
    print(`fast-check seed ${seed} (replay this run with FC_SEED=${seed})`);
  }
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
  return seed;
}
