/**
 * An error meant for the person running Handoff: its message says what is
 * wrong and where, and the command-line programs print it without a stack.
 */
export class HandoffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HandoffError";
  }
}

/** Prints an error the way every command-line program here does, and exits. */
export function exitWithError(error: unknown): never {
  if (error instanceof HandoffError) {
    process.stderr.write(`error: ${error.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
}
