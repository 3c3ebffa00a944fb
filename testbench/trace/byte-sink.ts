// Byte sinks for trace writers: a file (written atomically), memory (tests), or a counter. The
// fixed output buffer in front of them is byte-buffer.ts (apart, so the VCD worker thread loads it
// without the file machinery).
import { AtomicFile } from '../cli/atomic-file.ts';

export interface ByteSink {
  /** Hand a full chunk on; the bytes are copied or written before return. */
  write(chunk: Uint8Array): void;
  close(): void;
  /** Bytes written so far. */
  readonly bytes: number;
}

/**
 * A file written atomically (testbench/cli/atomic-file.ts): the bytes go to a temporary file in the
 * same directory, renamed into place by close(); a run that fails or is killed before that leaves
 * the previous file or none, never a truncated one.
 */
export class FileSink implements ByteSink {
  private readonly file: AtomicFile;

  constructor(readonly path: string) {
    this.file = AtomicFile.open(path);
  }

  get bytes(): number {
    return this.file.bytes;
  }

  write(chunk: Uint8Array): void {
    this.file.write(chunk);
  }

  close(): void {
    this.file.commit();
  }

  /** Abandon the output: the temporary file is removed. */
  discard(): void {
    this.file.discard();
  }

  /** The open file, for a worker thread that writes the bytes itself (vcd-worker.ts). */
  get descriptor(): number {
    return this.file.descriptor;
  }

  /** Count bytes another thread wrote to `descriptor`. */
  wroteElsewhere(bytes: number): void {
    this.file.bytes += bytes;
  }

  /** Another thread's write failed: the file is abandoned; returns the error to throw (naming the file). */
  abandon(e: unknown): Error {
    return this.file.abandon(e);
  }
}

/**
 * Collects everything in memory (tests, and the waveform windows npm start captures): one growing
 * array, so a chunk is copied once, on its way in, and reading the bytes back copies nothing.
 */
export class MemorySink implements ByteSink {
  private data: Uint8Array;
  bytes = 0;

  constructor(initialBytes = 64 << 10) {
    this.data = new Uint8Array(initialBytes);
  }

  write(chunk: Uint8Array): void {
    const need = this.bytes + chunk.length;
    if (need > this.data.length) {
      const grown = new Uint8Array(Math.max(need, 2 * this.data.length));
      grown.set(this.data.subarray(0, this.bytes));
      this.data = grown;
    }
    this.data.set(chunk, this.bytes);
    this.bytes = need;
  }

  close(): void {}

  text(): string {
    return this.buffer().toString('latin1');
  }

  /** The bytes so far: a view, not a copy (later writes only append, so it stays as it is). */
  buffer(): Buffer {
    return Buffer.from(this.data.buffer, this.data.byteOffset, this.bytes);
  }

  /** Bytes held, spare room included. */
  get capacity(): number {
    return this.data.length;
  }
}

/** Counts bytes and discards them: for measuring trace cost without disk I/O. */
export class CountingSink implements ByteSink {
  bytes = 0;
  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
  }
  close(): void {}
}
