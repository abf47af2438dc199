// A mistake in how the command was called: reported without a stack, exit code 2. Its own file,
// so main.ts can catch it without loading a subcommand.
export class UsageError extends Error {}
