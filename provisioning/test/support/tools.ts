import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The absolute path of a binary on PATH, or undefined. */
export function which(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * `describe` when every binary is installed; otherwise `describe.skip` (reported as skipped, never as
 * passed) with a message saying what was skipped and how to install it.
 */
export function describeWith(binaries: string[], name: string, body: () => void): void {
  const missing = binaries.filter((b) => !which(b));
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  console.warn(
    `SKIPPED "${name}": ${missing.join(', ')} not installed. ` +
      'Install with: apt-get install prometheus prometheus-alertmanager',
  );
  describe.skip(name, body);
}

export interface Result {
  code: number;
  output: string;
}

/** Runs a binary, never throwing on a non-zero exit: the test asserts on code and output. */
export async function exec(binary: string, args: string[], cwd?: string): Promise<Result> {
  try {
    const { stdout, stderr } = await run(binary, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** tsx's command line, resolved the way Node resolves the package (hoisted to the root node_modules). */
export const TSX_CLI = require.resolve('tsx/cli');
