// The rows of a finished study: one per point, its knob values and metrics, in study order.
import type { PointResult } from './cache.ts';
import type { Assignment, StudyDef } from './study.ts';

export interface Row {
  readonly assignment: Assignment;
  readonly result: PointResult;
}

export interface StudyResults {
  readonly study: StudyDef;
  readonly rows: readonly Row[];
}
