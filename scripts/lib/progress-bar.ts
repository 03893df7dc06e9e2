/** A one-line terminal progress bar, redrawn in place (plain lines when not on a terminal). */
export function drawProgress(progress: { stage: string; percent: number; chunksDone: number; chunksTotal: number; tokensUsed: number }): void {
  const width = 30;
  const filled = Math.round((Math.min(100, Math.max(0, progress.percent)) / 100) * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const chunks = progress.chunksTotal ? ` chunks ${progress.chunksDone}/${progress.chunksTotal}` : '';
  const line = `  [${bar}] ${String(Math.round(progress.percent)).padStart(3)}% ${progress.stage.padEnd(8)}${chunks} tokens ${progress.tokensUsed}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}\x1b[K`);
  else console.log(line);
}

export function endProgress(): void {
  if (process.stdout.isTTY) process.stdout.write('\n');
}
