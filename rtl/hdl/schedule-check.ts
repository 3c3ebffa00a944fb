// Check mode's schedule verifier: while each comb block runs, every signal access is reported here
// (access-recording.ts) and checked against the derived order. The order was derived from the
// accesses elaboration saw; this sees every access of the run, so a read on a path elaboration did
// not take, whose writer is scheduled later, fails at the cycle it happens, naming both modules.
import { isCombNode, type CombAccesses } from './comb-schedule.ts';
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

  constructor(private readonly design: Design) {
    const nodes = design.store.length + design.texts.length;
    this.storeLength = design.store.length;
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

  read(node: number): void {
    if (!isCombNode(node, this.design.regLo, this.storeLength)) return;
    const w = this.writerOf[node]!;
    if (w > this.block) this.fail(node, this.block, w, 'reads');
    if (w !== this.block) {
      this.readStamp[node] = this.settleId;
      this.readBy[node] = this.block;
    }
  }

  write(node: number): void {
    if (!isCombNode(node, this.design.regLo, this.storeLength)) return;
    const w = this.writerOf[node]!;
    if (w < 0) this.writerOf[node] = this.block;
    else if (w !== this.block) {
      const s = this.design.combSchedule;
      throw new CheckModeError(`cycle ${this.cycle}: ${this.design.nameOf(node)} is written by the comb logic of two modules, ${s[w]!.path} and ${s[this.block]!.path}: one module must drive it`);
    }
    if (this.readStamp[node] === this.settleId && this.readBy[node] !== this.block) this.fail(node, this.readBy[node]!, this.block, 'read');
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
