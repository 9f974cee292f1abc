// What a finished stage run looked at, so that silence about something it never judged is not
// taken as a recovery.

/**
 * The models a run judged (it stored a result or a finding about them), or `all` when it stored
 * something not tied to one model. A run that skipped a model (nothing new since its last
 * report, too few rows) says nothing about that model's alerts, so they stay as they are.
 */
export interface RunScope {
  all: boolean;
  models: Set<string>;
}

export const everything: RunScope = Object.freeze({ all: true, models: new Set<string>() });

/** Whether a run with this scope speaks for an alert with these labels. */
export function inScope(scope: RunScope, labels: Record<string, string>): boolean {
  if (scope.all) return true;
  return labels.model !== undefined ? scope.models.has(labels.model) : scope.models.size > 0;
}
