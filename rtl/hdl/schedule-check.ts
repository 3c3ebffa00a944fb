// Check mode's schedule verifier: while each comb block runs, every signal access is reported here
// (access-recording.ts) and checked against the derived order. The order was derived from the
// accesses elaboration saw; this sees every access of the run, so a read on a path elaboration did
// not take, whose writer is scheduled later, fails at the cycle it happens, naming both modules.
import type { CombAccesses } from './comb-schedule.ts';
import type { Design } from './elaborate.ts';
import { CheckModeError } from './errors.ts';
import type { AccessSink } from './access-recording.ts';

export class ScheduleChecker implements AccessSink {
  /** The schedule position of the block now running. */
  block = 0;
  /** Counts settles, so stamps from an earlier settle never match. */
  private settleId = 1;
  private cycle = 0;
  /** Schedule position of each node's writer (-1: none seen yet). */
  private readonly writerOf: Int32Array;
  private readonly readStamp: Int32Array;
  private readonly readBy: Int32Array;
  private readonly storeLength: number;
  private readonly regLo: number;

  constructor(private readonly design: Design) {
    const nodes = design.store.length + design.texts.length;
    this.storeLength = design.store.length;
    this.regLo = design.regLo;
    this.writerOf = new Int32Array(nodes).fill(-1);
    this.readStamp = new Int32Array(nodes);
    this.readBy = new Int32Array(nodes);
    const position = new Map(design.combSchedule.map((m, k) => [m, k]));
    const acc: CombAccesses = design.combAccesses;
    acc.writes.forEach((set, b) => {
      for (const node of set) this.writerOf[node] = position.get(design.combBlocks[b]!)!;
    });
  }

  /** A new settle of `cycle` begins. */
  begin(cycle: number): void {
    this.cycle = cycle;
    this.settleId++;
    this.block = 0;
  }

  // Both run on every comb access of a check-mode run: kept to a few typed-array operations.
  read(node: number): void {
    if (node >= this.regLo && node < this.storeLength) return; // a register: fixed during settle
    const w = this.writerOf[node]!;
    const b = this.block;
    if (w > b) this.fail(node, b, w, 'reads');
    if (w < 0) {
      // No writer seen yet: if one writes it later in this settle, write() names this reader.
      this.readStamp[node] = this.settleId;
      this.readBy[node] = b;
    }
  }

  write(node: number): void {
    if (node >= this.regLo && node < this.storeLength) return;
    const w = this.writerOf[node]!;
    const b = this.block;
    if (w === b) return;
    if (w >= 0) {
      const s = this.design.combSchedule;
      throw new CheckModeError(`cycle ${this.cycle}: ${this.design.nameOf(node)} is written by the comb logic of two modules, ${s[w]!.path} and ${s[b]!.path}: one module must drive it`);
    }
    this.writerOf[node] = b;
    if (this.readStamp[node] === this.settleId && this.readBy[node] !== b) this.fail(node, this.readBy[node]!, b, 'read');
  }

  private fail(node: number, reader: number, writer: number, verb: 'reads' | 'read'): never {
    const s = this.design.combSchedule;
    const name = this.design.nameOf(node);
    throw new CheckModeError(
      `cycle ${this.cycle}: ${s[reader]!.path} ${verb === 'reads' ? 'reads' : 'read'} ${name} before ${s[writer]!.path} writes it ` +
        `(the comb schedule derived at elaboration runs ${s[reader]!.path} first: elaboration's recording did not see this dependency; declare the signal in ${s[reader]!.path}'s combReads())`,
    );
  }
}
