// Entry point of the `sidewatch` CLI. Each command lives in its own file under commands/ and
// exports `run(argv): Promise<number>` (the exit code), so adding a command touches one file.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const usage = `usage: sidewatch <command> [options]

commands:
  start [--config FILE] [--demo]          run the daemon
  drift --reference FILE --current FILE   one-shot drift report [--json] [--html FILE] [--columns a,b]
  profile --reference FILE --out PROFILE  a reference profile for drift --reference-profile
  logs parse [FILE|-] [--json]            mine log templates, one message per line
  rca --metrics FILE --since TIME         rank likely root causes [--graph FILE] [--json]
  check-config [FILE]                     validate a config file
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage);
    return command ? 0 : 2;
  }
  if (!/^[a-z][a-z-]*$/.test(command)) {
    process.stderr.write(`sidewatch: unknown command "${command}"\n\n${usage}`);
    return 2;
  }
  const file = fileURLToPath(new URL(`./commands/${command}.ts`, import.meta.url));
  if (!existsSync(file)) {
    process.stderr.write(`sidewatch: unknown command "${command}"\n\n${usage}`);
    return 2;
  }
  const mod = (await import(file)) as { run(argv: string[]): Promise<number> };
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    // Commands that keep the process alive (start) resolve only when they are done.
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`sidewatch: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
