// Physical address space of the Versatile PB: RAM from 0 and memory-mapped devices. The core
// reads RAM through the typed-array views directly (fast path) and calls the bus for anything
// above RAM. Unmapped addresses read as 0 and ignore writes (as QEMU's Versatile PB does).
import type { MappedDevice } from './devices/device.ts';

export class PhysicalMemory {
  readonly ramSize: number;
  readonly bytes: Uint8Array;
  readonly halves: Uint16Array;
  readonly words: Int32Array;
  private readonly devices: MappedDevice[] = [];
  /** Clock time passed to devices; the machine keeps it current. */
  now = 0;
  /**
   * One byte per 1 KB block of RAM: non-zero while the MMU's translation cache holds translations
   * built from a descriptor in the block. Every RAM write path checks it (the core's fast paths
   * too) and reports writes there to `onDescriptorWrite` (first and last word address written).
   */
  readonly descriptorBlocks: Uint8Array;
  onDescriptorWrite: (firstWord: number, lastWord: number) => void = () => {};

  /** `ram`: run on this buffer, contents kept (e.g. an RTL machine's RAM: a hand-off then copies nothing). */
  constructor(ramSize: number, ram?: ArrayBuffer) {
    if (ramSize <= 0 || ramSize % 0x100000 !== 0 || ramSize > 0x10000000) {
      throw new Error(`RAM size must be a positive multiple of 1 MB up to 256 MB, got ${ramSize}`);
    }
    if (ram !== undefined && ram.byteLength !== ramSize) throw new Error(`RAM buffer of ${ram.byteLength} bytes for a RAM of ${ramSize}`);
    this.ramSize = ramSize;
    const buffer = ram ?? new ArrayBuffer(ramSize);
    this.bytes = new Uint8Array(buffer);
    this.halves = new Uint16Array(buffer);
    this.words = new Int32Array(buffer);
    this.descriptorBlocks = new Uint8Array(ramSize >>> 10);
  }

  attach(device: MappedDevice): void {
    this.devices.push(device);
  }

  private deviceAt(address: number): MappedDevice | undefined {
    for (const d of this.devices) {
      if (address >= d.base && address < d.base + d.size) return d;
    }
    return undefined;
  }

  read32(address: number): number {
    const a = address >>> 0;
    if (a < this.ramSize) return this.words[a >>> 2]!;
    const device = this.deviceAt(a);
    return device ? device.read(a - device.base, this.now) | 0 : 0;
  }

  read16(address: number): number {
    const a = address >>> 0;
    if (a < this.ramSize) return this.halves[a >>> 1]!;
    const device = this.deviceAt(a);
    if (!device) return 0;
    const word = device.read((a - device.base) & ~3, this.now);
    return (word >>> ((a & 2) * 8)) & 0xffff;
  }

  read8(address: number): number {
    const a = address >>> 0;
    if (a < this.ramSize) return this.bytes[a]!;
    const device = this.deviceAt(a);
    if (!device) return 0;
    const word = device.read((a - device.base) & ~3, this.now);
    return (word >>> ((a & 3) * 8)) & 0xff;
  }

  write32(address: number, value: number): void {
    const a = address >>> 0;
    if (a < this.ramSize) {
      this.words[a >>> 2] = value;
      if (this.descriptorBlocks[a >>> 10] !== 0) this.onDescriptorWrite(a >>> 2, a >>> 2);
      return;
    }
    this.deviceAt(a)?.write(a - this.deviceAt(a)!.base, value >>> 0, this.now);
  }

  write16(address: number, value: number): void {
    const a = address >>> 0;
    if (a < this.ramSize) {
      this.halves[a >>> 1] = value;
      if (this.descriptorBlocks[a >>> 10] !== 0) this.onDescriptorWrite(a >>> 2, a >>> 2);
      return;
    }
    // Devices here are word-register peripherals: a narrow write reaches the register whole.
    const device = this.deviceAt(a);
    device?.write((a - device.base) & ~3, value & 0xffff, this.now);
  }

  write8(address: number, value: number): void {
    const a = address >>> 0;
    if (a < this.ramSize) {
      this.bytes[a] = value;
      if (this.descriptorBlocks[a >>> 10] !== 0) this.onDescriptorWrite(a >>> 2, a >>> 2);
      return;
    }
    const device = this.deviceAt(a);
    device?.write((a - device.base) & ~3, value & 0xff, this.now);
  }

  /** Copy bytes into RAM (loader). Throws if outside RAM: that is a host error, not a guest one. */
  load(address: number, data: Uint8Array): void {
    if (address < 0 || address + data.length > this.ramSize) {
      throw new Error(`image segment 0x${address.toString(16)}+${data.length} lies outside RAM`);
    }
    this.bytes.set(data, address);
    if (data.length === 0) return;
    const last = address + data.length - 1;
    for (let block = address >>> 10; block <= last >>> 10; block++) {
      if (this.descriptorBlocks[block] !== 0) {
        this.onDescriptorWrite(address >>> 2, last >>> 2);
        return;
      }
    }
  }
}
