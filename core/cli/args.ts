// A small argument parser shared by the CLI commands: --flag, --key value, --key=value, positionals.
import { defaultThreads } from '../compute/threads.ts';
export interface ParsedArgs {
  flags: Record<string, string | true>;
  positionals: string[];
}

export function parseArgs(argv: string[], booleanFlags: string[] = []): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        flags[a.slice(2, eq)] = a.slice(eq + 1);
        continue;
      }
      const key = a.slice(2);
      const next = argv[i + 1];
      if (booleanFlags.includes(key) || next === undefined || (next.startsWith('--') && next.length > 2)) {
        flags[key] = true;
      } else {
        flags[key] = next;
        i++;
      }
    } else {
      positionals.push(a);
    }
  }
  return { flags, positionals };
}

/** Reads a flag that must carry a value; throws a message naming the flag otherwise. */
export function stringFlag(args: ParsedArgs, name: string, required: true): string;
export function stringFlag(args: ParsedArgs, name: string, required?: false): string | undefined;
export function stringFlag(args: ParsedArgs, name: string, required = false): string | undefined {
  const v = args.flags[name];
  if (v === undefined) {
    if (required) throw new Error(`missing --${name}`);
    return undefined;
  }
  if (v === true) throw new Error(`--${name} needs a value`);
  return v;
}

/** `--threads N`: a whole number of worker threads, 0 for none. */
export function threadsFlag(value: string | undefined): number {
  if (value === undefined) return defaultThreads();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new Error(`--threads must be a whole number from 0 to 64, got "${value}"`);
  return n;
}
