import { execFile } from 'node:child_process';
import { join } from 'node:path';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = join(__dirname, '..', '..', '..');

/** A built command of this repository as a child process, as a user runs it (no terminal: progress as lines). */
export function runNode(script: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, script), ...args],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, INIT_CWD: ROOT } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export const runSegments = (args: string[]): Promise<CliRun> => runNode('segments/dist/cli.js', args);
