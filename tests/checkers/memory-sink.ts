// A ByteSink that keeps the VCD in memory (tests parse it back without touching the disk).
import type { ByteSink } from '../../testbench/trace/byte-sink.ts';

export class MemorySink implements ByteSink {
  private readonly chunks: Uint8Array[] = [];
  bytes = 0;

  write(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice());
    this.bytes += chunk.length;
  }

  close(): void {}

  data(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}
