// Fairness gaps across the groups of a sensitive attribute supplied beside the features.
export { demographicParity, equalOpportunity, MISSING_GROUP, type GroupGap, type GroupRate, type FairnessOptions } from './group-gaps.ts';
