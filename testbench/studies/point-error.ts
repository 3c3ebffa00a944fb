// A point description that is not valid: the message names the field (`point.words: ...`).
export class PointError extends Error {
  override readonly name = 'PointError';
}
