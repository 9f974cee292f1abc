// What the stage host hands on when a run has finished and everything it produced is stored:
// the alert manager takes findings and scope from here, in memory, once. The database copy is
// for recovery after a restart only.
import type { StoredFinding } from './findings.ts';
import type { RunScope } from './run-scope.ts';

export interface FinishedRun {
  id: number;
  stage: string;
  ok: boolean;
  findings: StoredFinding[];
  /** What the run looked at: only there does "not reported" mean "gone". */
  scope: RunScope;
}
