// `sidewatch check-config [FILE]`: validates a config file and prints every error with its path.
import { parseArgs } from '../args.ts';
import { ConfigError, defaultConfigPath, loadConfig, type SectionSchemas } from '../../config/load.ts';
import { loadBuiltinPlugins } from '../../plugins/registry.ts';
import { builtinModules } from '../../modules.ts';

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const file = args.positionals[0] ?? defaultConfigPath;
  const registry = await loadBuiltinPlugins();
  const sections: SectionSchemas = {};
  for (const m of await builtinModules()) if (m.configSection && m.configSchema) sections[m.configSection] = m.configSchema;
  try {
    const loaded = loadConfig({ file, registry, sections });
    const enabled = loaded.stages.filter((s) => s.enabled).map((s) => s.name);
    process.stdout.write(`${file}: ok (${enabled.length} stage(s) enabled: ${enabled.join(', ') || 'none'})\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stdout.write(`${file}: ${e.issues.length} error(s)\n`);
    for (const i of e.issues) process.stdout.write(`  ${i.path}: ${i.message}\n`);
    return 1;
  }
}
