// Errors of the simulation kernel. Each names the signal or module at fault by its full
// hierarchical name, so a design bug is found from the message alone.

/** A design was declared wrongly: bad name, bad width, duplicate, bad connection. */
export class ElaborationError extends Error {
  override readonly name = 'ElaborationError';
}

/** A value does not fit the signal it was written to. */
export class SignalWidthError extends Error {
  override readonly name = 'SignalWidthError';
}

/** Check mode found logic that depends on evaluation order, or writes in the wrong phase. */
export class CheckModeError extends Error {
  override readonly name = 'CheckModeError';
}
