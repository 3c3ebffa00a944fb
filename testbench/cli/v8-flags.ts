// V8 flags the project's command-line tools run with: package.json's scripts pass them to node
// (tests/cli/v8-flags.test.ts checks every tool script does), study worker processes get them as
// execArgv. They must be on the command line: set at run time (v8.setFlagsFromString) they did not
// take effect.
//
// --no-concurrent-osr: the reference model's run() loop is compiled on-stack (OSR). Compiled on the
// background thread, the code V8 installs depends on when that compile lands: the loop bench ran at
// either ~100 or ~62-67 M instructions/s from one isolate to the next on the same build (more often
// the slower when the other core is busy). Compiled on the spot, every isolate measured took the fast
// shape (18 of 18; --single-threaded likewise). The RTL system bench and npm start measured no
// different either way.
export const TOOL_V8_FLAGS: readonly string[] = ['--no-concurrent-osr'];
