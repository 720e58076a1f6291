/**
 * Tests run commands with the same runner as Marina (lib/exec.ts): `run`
 * never rejects on a non-zero exit, `runOk` rejects with MARINA_ERR_EXEC
 * "<cmd args> (netns X) exited N: <stderr>".
 */
export { exec as run, execOk as runOk, type ExecResult as RunResult, type ExecOptions as RunOptions } from '../../lib/exec';
