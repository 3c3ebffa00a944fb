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

/** Collects everything in memory: for tests and small windows. */
export class MemorySink implements ByteSink {
  private readonly chunks: Buffer[] = [];
  bytes = 0;

  write(chunk: Uint8Array): void {
    this.chunks.push(Buffer.from(chunk));
    this.bytes += chunk.length;
  }

  close(): void {}

  text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }

  buffer(): Buffer {
    return Buffer.concat(this.chunks);
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
