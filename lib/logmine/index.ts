export { TemplateMiner } from './template-miner.ts';
export type { LineResult, TemplateEvent, TemplateInfo, TemplateMinerOptions, TemplateMinerState } from './template-miner.ts';
export { InMemoryPersistence, type PersistencePort } from './persistence.ts';
export { groupingAccuracy } from './accuracy.ts';
export { ALL_MASKS, type MaskName } from './masks.ts';
export { DEFAULT_MINER_OPTIONS, WILDCARD, ELASTIC, type Change, type MinerOptions } from './drain.ts';
