// The validation stage's health signal: how many problems each checked window had.
import type { SignalExtractors } from '../../core/plugin-api/index.ts';
import type { ValidationResult } from './index.ts';

export const validationSignals: SignalExtractors = {
  validation: (r) => {
    if (r.kind !== 'validation.window') return null;
    const problems = (r.payload as Partial<ValidationResult> | null)?.problems;
    return typeof problems === 'number' && Number.isFinite(problems) ? { value: { problems } } : null;
  },
};
