// A point's result as it enters a study (from a worker, from the cache, from --merge): every field
// checked against the metric schema, and a digest over the record, so a record edited or damaged
// after it was computed is refused with its file, line and field and never stored. The digest is a
// check against accidents (hand edits, truncation, a record of another model), not a signature.
import { createHash } from 'node:crypto';
import { METRIC_NAMES, type PointOutcome } from './metrics.ts';
import { canonicalJson } from './canonical-json.ts';
import { PointError, validatePoint, type PointConfig } from './point.ts';
import { checkBenchRecord } from '../ipcbench/measure/record.ts';
import { FAST_FORWARD_RECORD_FIELDS } from './fast-forward.ts';

export interface PointResult extends PointOutcome {
  readonly hash: string;
  readonly point: PointConfig;
  /** sha256 of the record without this field (canonical JSON), 24 hex digits. */
  readonly digest: string;
}

export class ResultError extends Error {
  override readonly name = 'ResultError';
}

const HANDOFF = ['pass', 'fail', 'n/a'] as const;
const FIELDS = ['hash', 'point', 'metrics', 'handoff', 'exited', 'uart', 'seconds', 'bench', 'fastForward', 'digest'];

export function resultDigest(r: Omit<PointResult, 'digest'>): string {
  const { hash, point, metrics, handoff, exited, uart, seconds, bench, fastForward } = r;
  return createHash('sha256').update(canonicalJson({ hash, point, metrics, handoff, exited, uart, seconds, ...(bench !== undefined ? { bench } : {}), ...(fastForward !== undefined ? { fastForward } : {}) })).digest('hex').slice(0, 24);
}

export function sealResult(r: Omit<PointResult, 'digest'>): PointResult {
  return { ...r, digest: resultDigest(r) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a record; `where` (file:line, or the cache file) starts every error message. */
export function validateResult(raw: unknown, where: string): PointResult {
  const fail = (field: string, msg: string): never => {
    throw new ResultError(`${where}: result${field ? `.${field}` : ''}: ${msg}`);
  };
  if (!isObject(raw)) return fail('', `expected an object, got ${JSON.stringify(raw) ?? String(raw)}`);
  for (const k of Object.keys(raw)) if (!FIELDS.includes(k)) fail(k, `unknown field (allowed: ${FIELDS.join(', ')})`);
  if (typeof raw.hash !== 'string' || !/^[0-9a-f]{24}$/.test(raw.hash)) fail('hash', `${JSON.stringify(raw.hash)} is not a point hash (24 hex digits)`);
  try {
    validatePoint(raw.point);
  } catch (e) {
    if (e instanceof PointError || (e instanceof Error && e.name === 'ConfigError')) return fail('point', e.message);
    throw e;
  }
  if (!isObject(raw.metrics)) return fail('metrics', `expected an object, got ${JSON.stringify(raw.metrics) ?? 'nothing'}`);
  const metrics = raw.metrics;
  for (const k of Object.keys(metrics)) if (!(METRIC_NAMES as readonly string[]).includes(k)) fail(`metrics.${k}`, 'not a metric');
  for (const m of METRIC_NAMES) {
    const v = metrics[m];
    if (v !== null && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) fail(`metrics.${m}`, `${JSON.stringify(v) ?? 'missing'} (expected a count >= 0, or null)`);
  }
  if (!(HANDOFF as readonly unknown[]).includes(raw.handoff)) fail('handoff', `${JSON.stringify(raw.handoff)} (expected one of ${HANDOFF.join(', ')})`);
  if (typeof raw.exited !== 'boolean') fail('exited', `${JSON.stringify(raw.exited)} (expected true or false)`);
  if (typeof raw.uart !== 'string') fail('uart', `${JSON.stringify(raw.uart)} (expected text)`);
  if (typeof raw.seconds !== 'number' || !Number.isFinite(raw.seconds) || raw.seconds < 0) fail('seconds', `${JSON.stringify(raw.seconds)} (expected seconds >= 0)`);
  const point = raw.point as PointConfig;
  if ((point.scenario === 'ipcbench') !== (raw.bench !== undefined)) fail('bench', point.scenario === 'ipcbench' ? 'missing (an ipcbench point reports its benchmark figures)' : 'only an ipcbench point has benchmark figures');
  if (raw.bench !== undefined) checkBenchRecord(raw.bench, (field, msg) => fail(field, msg));
  if ((point.fastForward !== undefined) !== (raw.fastForward !== undefined)) fail('fastForward', point.fastForward !== undefined ? 'missing (a fast-forwarded point says where the RTL took over)' : 'only a fast-forwarded point has a hand-off record');
  if (raw.fastForward !== undefined) checkFastForwardRecord(raw.fastForward, point.fastForward!, fail);
  const r = raw as unknown as PointResult;
  if (typeof raw.digest !== 'string') fail('digest', 'missing (a record from before digests, or not written by a study run)');
  if (raw.digest !== resultDigest(r)) fail('digest', 'does not match the record: it was changed after it was computed');
  return r;
}

function checkFastForwardRecord(raw: unknown, point: string, fail: (field: string, msg: string) => never): void {
  if (!isObject(raw)) return fail('fastForward', `expected an object, got ${JSON.stringify(raw)}`);
  for (const k of Object.keys(raw)) if (!(FAST_FORWARD_RECORD_FIELDS as readonly string[]).includes(k)) fail(`fastForward.${k}`, `unknown field (allowed: ${FAST_FORWARD_RECORD_FIELDS.join(', ')})`);
  if (raw.point !== point) fail('fastForward.point', `${JSON.stringify(raw.point)} is not the point's (${JSON.stringify(point)})`);
  for (const k of FAST_FORWARD_RECORD_FIELDS) {
    if (k === 'point') continue;
    const v = raw[k];
    if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) fail(`fastForward.${k}`, `${JSON.stringify(v) ?? 'missing'} (expected a count >= 0)`);
  }
}
