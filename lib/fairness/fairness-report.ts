// Fairness gaps of one model's predictions across the groups of one sensitive attribute that
// was supplied beside the features: demographic parity over every prediction, equal opportunity
// over the labelled ones. Pure: no I/O.
import type { PredictionColumns } from '../predictions/columns.ts';
import { demographicParity, equalOpportunity, type GroupGap } from './index.ts';

export interface FairnessReport {
  attribute: string;
  positive_label: string;
  rows: number;
  labelled: number;
  demographic_parity: GroupGap;
  /** Null when no labels have arrived for the window. */
  equal_opportunity: GroupGap | null;
}

function asText(num: number, str: string | null): string | null {
  if (str !== null) return str;
  return Number.isNaN(num) ? null : String(num);
}

/** Predictions and labels are compared with the positive label as text, so 1 and "1" agree. */
export function fairnessReport(cols: PredictionColumns, attribute: string, positiveLabel: string | number, minGroupSize: number): FairnessReport | null {
  const groups = cols.attributes[attribute];
  if (!groups) return null;
  const positive = String(positiveLabel);
  const yPred: number[] = [];
  const sensitive: (string | null)[] = [];
  const labelledGroups: (string | null)[] = [];
  const yTrue: number[] = [];
  const yPredLabelled: number[] = [];
  for (let i = 0; i < cols.rows; i++) {
    const p = asText(cols.predictionNum[i], cols.predictionStr[i]);
    if (p === null) continue;
    const hit = p === positive ? 1 : 0;
    sensitive.push(groups[i] ?? null);
    yPred.push(hit);
    const t = asText(cols.labelNum[i], cols.labelStr[i]);
    if (t !== null) {
      labelledGroups.push(groups[i] ?? null);
      yTrue.push(t === positive ? 1 : 0);
      yPredLabelled.push(hit);
    }
  }
  if (yPred.length === 0) return null;
  return {
    attribute,
    positive_label: positive,
    rows: yPred.length,
    labelled: yTrue.length,
    demographic_parity: demographicParity(sensitive, yPred, { positive: 1, minGroupSize }),
    equal_opportunity: yTrue.length ? equalOpportunity(labelledGroups, yTrue, yPredLabelled, { positive: 1, minGroupSize }) : null,
  };
}
