// The log pipeline as a daemon feature: template ids on every stored line (an enricher plus a
// hook in the lines' transaction), the file-tail input (config section `inputs`), and the
// templates / volume / anomalies read API.
import type { FeatureModule, Runtime } from '../runtime.ts';
import { inputsSchema, type InputsSettings } from './config.ts';
import { FileInputs } from './file-inputs.ts';
import { logsOpenApi } from './openapi.ts';
import { logRoutes } from './routes.ts';
import { TemplateEnricher } from './template-enricher.ts';

export function logsModule(): FeatureModule {
  let enricher: TemplateEnricher | null = null;
  let inputs: FileInputs | null = null;
  return {
    name: 'logs',
    configSection: 'inputs',
    configSchema: inputsSchema,
    async init(rt: Runtime) {
      enricher = await TemplateEnricher.load(rt.logStore);
      rt.logEnrichers.push(enricher);
      rt.logStore.appendHooks.push(enricher.inTransaction);
      const settings = (rt.loaded.sections.inputs ?? inputsSchema.parse({})) as InputsSettings;
      inputs = new FileInputs(rt, settings);
      if (settings.files.length) {
        rt.readiness.set('inputs.files', () => ({
          ok: true,
          detail: `${inputs!.files.length} file(s) followed${inputs!.lastError ? `; last error: ${inputs!.lastError}` : ''}`,
        }));
      }
    },
    routes: (rt) => logRoutes(rt, () => enricher?.miner ?? null),
    openapi: logsOpenApi,
    async start() {
      await inputs?.start();
    },
    async stop() {
      await inputs?.stop();
    },
  };
}
