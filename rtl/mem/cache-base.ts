// What the I-cache and the D-cache share: the arrays (tag, valid, data as Memories), the
// geometry, the lookup, victim choice (an invalid way first, else round-robin or a 16-bit LFSR),
// and the per-side counters.
//
// Addressing: line = set * ways + way; data word = line * wordsPerLine + word. By default the
// caches are virtually indexed and virtually tagged with the MVA (ARM926); with the 'asid' knob
// they are indexed and tagged with the physical address (no aliasing whatever the way size).
import type { CacheConfig } from '../config.ts';
import { Module, type Memory, type Reg, type Signal } from '../hdl/index.ts';
import { log2 } from './faults.ts';

/** Translation results for one side, from the TLB's lookup port. */
export interface TlbView {
  readonly mva: Signal;
  readonly miss: Signal;
  readonly fault: Signal;
  readonly fsr: Signal;
  readonly pa: Signal;
  readonly cache: Signal;
  readonly buf: Signal;
  readonly sect: Signal;
  readonly dom: Signal;
}

export abstract class CacheBase extends Module {
  /** specialize.ts compiles this class's methods in this module's scope, the design's slots as constants. */
  static readonly compileHere = (source: string): unknown => eval(source);

  readonly sets: number;
  readonly ways: number;
  readonly wordsPerLine: number;
  readonly lineShift: number;
  readonly lines: number;
  readonly physical: boolean;
  readonly random: boolean;

  // Translation of the current access (connected to the TLB's port for this side).
  readonly t: TlbView;
  readonly ctrl = this.input('ctrl', 32);

  readonly tag: Memory;
  readonly valid: Memory;
  readonly data: Memory;
  readonly rr: Reg;
  readonly lfsr: Reg;

  /** Combinational hit of the current lookup and its way. */
  readonly hit = this.wire('hit', 1);
  readonly hit_way = this.wire('hit_way', 3);

  // Line fill and response state, the same protocol on both sides: a fill answers the core with
  // its critical word as soon as that arrives (once), the rest of the line streams in; answers that
  // take a cycle (uncached reads, aborts) wait in resp_*.
  readonly wmva = this.reg('wmva', 32);
  readonly line = this.reg('line', 16); // line being filled
  readonly lpa = this.reg('lpa', 32); // its physical base (the I side also keeps an uncached word address here)
  readonly ltag = this.reg('ltag', 32);
  readonly beat = this.reg('beat', 5);
  readonly cw = this.reg('cw', 4); // critical word index
  readonly cw_data = this.reg('cw_data', 32);
  readonly cw_valid = this.reg('cw_valid', 1);
  readonly cw_abort = this.reg('cw_abort', 1);
  readonly responded = this.reg('responded', 1);
  readonly fill_err = this.reg('fill_err', 1);
  readonly afsr = this.reg('afsr', 8); // fault status if the bus aborts this fill / access
  readonly bpriv = this.reg('bpriv', 1);
  readonly resp_data = this.reg('resp_data', 32);
  readonly resp_abort = this.reg('resp_abort', 1);
  readonly resp_fsr = this.reg('resp_fsr', 8);
  readonly op_fin = this.reg('op_fin', 1);

  // Counters.
  readonly hits = this.reg('hits', 32);
  readonly misses = this.reg('misses', 32);
  readonly fills = this.reg('fills', 32);
  readonly uncached = this.reg('uncached', 32);
  readonly tlb_hits = this.reg('tlb_hits', 32);
  readonly tlb_misses = this.reg('tlb_misses', 32);
  readonly aborts = this.reg('aborts', 32);

  constructor(parent: Module | null, name: string, cfg: CacheConfig, physical: boolean) {
    super(parent, name);
    this.ways = cfg.ways;
    this.wordsPerLine = cfg.lineBytes / 4;
    this.lineShift = log2(cfg.lineBytes);
    this.sets = cfg.sizeBytes / (cfg.ways * cfg.lineBytes);
    this.lines = this.sets * this.ways;
    this.physical = physical;
    this.random = cfg.replacement === 'random';
    this.t = {
      mva: this.input('t_mva', 32),
      miss: this.input('t_miss', 1),
      fault: this.input('t_fault', 1),
      fsr: this.input('t_fsr', 8),
      pa: this.input('t_pa', 32),
      cache: this.input('t_cache', 1),
      buf: this.input('t_buf', 1),
      sect: this.input('t_sect', 1),
      dom: this.input('t_dom', 4),
    };
    this.tag = this.memory('tag', 32 - this.lineShift, this.lines, { writePorts: this.lines });
    this.valid = this.memory('valid', 1, this.lines, { writePorts: this.lines, resetValue: 0 });
    this.data = this.memory('data', 32, this.lines * this.wordsPerLine, { writePorts: this.wordsPerLine + 2 });
    this.rr = this.reg('rr', 3);
    this.lfsr = this.reg('lfsr', 16, cfg.seed);
  }

  /** Set index of an address (the MVA, or the PA when physically indexed). */
  setOf(addr: number): number {
    return (addr >>> this.lineShift) & (this.sets - 1);
  }

  /** Way holding the line of `addr` in `set` with tag `tagv`, or -1. */
  probe(set: number, tagv: number): number {
    const base = set * this.ways;
    const tags = this.tag.data;
    const valid = this.valid.data;
    for (let w = 0; w < this.ways; w++) if (valid[base + w] !== 0 && tags[base + w] === tagv) return w;
    return -1;
  }

  /**
   * The translation's addresses, declared: comb() reads them only on a cacheable hit in the idle
   * state, a corner random states at elaboration reach by chance (a design with a few more
   * registers drew states that missed it), so the schedule must not depend on recording seeing it.
   */
  override combReads(): readonly Signal[] {
    return this.physical ? [this.t.pa] : [this.t.mva, this.t.pa];
  }

  /** Look up the current access (translation from `t`): sets hit/hit_way, returns the line or -1. */
  lookupCurrent(): number {
    const addr = this.physical ? this.t.pa.v : this.t.mva.v;
    const set = this.setOf(addr);
    const w = this.probe(set, addr >>> this.lineShift);
    this.hit.v = w >= 0 ? 1 : 0;
    this.hit_way.v = w >= 0 ? w : 0;
    return w >= 0 ? set * this.ways + w : -1;
  }

  /** Pick the way to replace in `set` (clocked: advances the replacement state). */
  chooseVictim(set: number): number {
    const state = this.random ? this.lfsr.v : this.rr.v;
    const r = this.victimOf(set, state);
    const next = r >>> 3;
    if (next !== state) (this.random ? this.lfsr : this.rr).next = next;
    return r & 7;
  }

  /**
   * The way to replace in `set` under replacement state `state` (the LFSR or the round-robin
   * pointer): an invalid way first, else the policy's. Returns `next state << 3 | way`.
   */
  victimOf(set: number, state: number): number {
    const base = set * this.ways;
    for (let w = 0; w < this.ways; w++) if (this.valid.data[base + w] === 0) return (state << 3) | w;
    if (this.random) {
      // 16-bit Galois LFSR, taps 16 14 13 11.
      return (((state >>> 1) ^ (state & 1 ? 0xb400 : 0)) << 3) | (state & (this.ways - 1));
    }
    const w = state & (this.ways - 1);
    return (((w + 1) & (this.ways - 1)) << 3) | w;
  }

  /** The replacement state (LFSR or round-robin pointer) as of the last edge. */
  get replacementState(): Reg {
    return this.random ? this.lfsr : this.rr;
  }

  /**
   * Testbench backdoor for functional warming (no clock): make the line holding `addr` (the
   * indexing address: MVA, or PA when physically tagged) resident with the line's `words` from
   * `pa`, choosing the way as a line fill would under replacement state `state`. Returns the line
   * and the state after (`next << 16 | line`; a resident line: unchanged state).
   */
  preloadLine(addr: number, words: ArrayLike<number>, state: number): number {
    const set = this.setOf(addr);
    const tagv = addr >>> this.lineShift;
    const w = this.probe(set, tagv);
    if (w >= 0) return (state << 16) | (set * this.ways + w);
    const r = this.victimOf(set, state);
    const line = set * this.ways + (r & 7);
    this.tag.load(line, [tagv]);
    this.valid.load(line, [1]);
    this.data.load(line * this.wordsPerLine, words);
    return ((r >>> 3) << 16) | line;
  }

  /** Testbench backdoor: drop every line (as an invalidate-all). */
  preloadInvalidateAll(): void {
    this.valid.data.fill(0);
    this.valid.load(0, []);
  }

  /** Decode a set/way operand: way in the top log2(ways) bits, set from bit log2(lineBytes). */
  setWayLine(operand: number): number {
    const wayBits = log2(this.ways);
    const way = wayBits === 0 ? 0 : operand >>> (32 - wayBits);
    return this.setOf(operand) * this.ways + way;
  }

  /** The core-side answer computed by `answerPending` (reused: no allocation per cycle). */
  protected readonly pending = { ready: 0, rdata: 0, abort: 0, fsr: 0 };

  /**
   * The answer while filling (the critical word, once it has arrived and not yet been given) or
   * while responding (the registered result).
   */
  protected answerPending(filling: boolean): void {
    const a = this.pending;
    if (filling) {
      const give = this.cw_valid.on && !this.responded.on;
      a.ready = give ? 1 : 0;
      a.rdata = give ? this.cw_data.v : 0;
      a.abort = give ? this.cw_abort.v : 0;
      a.fsr = give && this.cw_abort.on ? this.afsr.v : 0;
    } else {
      a.ready = 1;
      a.rdata = this.resp_data.v;
      a.abort = this.resp_abort.v;
      a.fsr = this.resp_fsr.v;
    }
  }

  /** Register an answer for the next cycle (the caller moves its state machine to respond). */
  protected respondWith(data: number, abort: number, fsr: number): void {
    this.resp_data.next = data;
    this.resp_abort.next = abort;
    this.resp_fsr.next = fsr;
  }

  protected bump(r: Reg): void {
    r.next = (r.v + 1) >>> 0;
  }
}
