// `sidewatch start [--config FILE] [--demo]`: runs the daemon until SIGTERM/SIGINT.
import { parseArgs, stringFlag } from '../args.ts';
import { startDaemon } from '../../daemon.ts';
import { ConfigError } from '../../config/load.ts';
import { StorageRefused } from '../../storage/open-checks.ts';
import { fileURLToPath } from 'node:url';

const demoConfigPath = fileURLToPath(new URL('../../../config/demo.yaml', import.meta.url));

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['demo']);
  const demo = args.flags.demo === true;
  // --demo without a config of one's own runs config/demo.yaml: the same stages on fast cadences.
  const configFile = stringFlag(args, 'config') ?? process.env.SIDEWATCH_CONFIG ?? (demo ? demoConfigPath : undefined);
  let daemon;
  try {
    daemon = await startDaemon({ configFile, demo });
  } catch (e) {
    process.stderr.write(e instanceof ConfigError ? `${e.message}\n` : `sidewatch: cannot start: ${(e as Error).message}\n`);
    // 3: the data directory or file cannot be used (documented in the README's Operations).
    return e instanceof StorageRefused ? e.exitCode : 1;
  }
  process.stderr.write(`sidewatch listening on ${daemon.url}\n`);
  return new Promise<number>((resolve) => {
    let signalled = false;
    const onSignal = (sig: NodeJS.Signals) => {
      if (signalled) return;
      signalled = true;
      // Exit within the shutdown budget even if something hangs.
      const force = setTimeout(() => {
        process.stderr.write('sidewatch: shutdown took too long; exiting\n');
        process.exit(1);
      }, daemon.runtime.config.server.shutdown_timeout);
      force.unref();
      // Everything is flushed and closed once stop() resolves; exiting explicitly keeps a
      // lingering library handle from delaying the exit past the orchestrator's grace period.
      daemon.stop().then(
        () => {
          resolve(0);
          setImmediate(() => process.exit(0));
        },
        (e: unknown) => {
          process.stderr.write(`sidewatch: error while stopping (${sig}): ${(e as Error).message}\n`);
          resolve(1);
          setImmediate(() => process.exit(1));
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}
