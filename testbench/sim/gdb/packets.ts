// GDB remote serial protocol framing: `$payload#checksum` packets (checksum: the payload's bytes
// summed modulo 256, two hex digits), `+`/`-` acknowledgements, and the interrupt byte 0x03.
// Payload escapes (`}` then the byte XOR 0x20) are undone on input; replies need none (hex only).

export type Incoming = { readonly kind: 'packet'; readonly payload: string } | { readonly kind: 'interrupt' } | { readonly kind: 'bad-checksum' };

export function checksum(payload: string): string {
  let sum = 0;
  for (let k = 0; k < payload.length; k++) sum = (sum + payload.charCodeAt(k)) & 0xff;
  return sum.toString(16).padStart(2, '0');
}

export function frame(payload: string): string {
  return `$${payload}#${checksum(payload)}`;
}

/** Splits a byte stream into packets and interrupts; keeps an incomplete packet for the next chunk. */
export class PacketReader {
  private buffer = '';

  push(chunk: string): Incoming[] {
    this.buffer += chunk;
    const out: Incoming[] = [];
    for (;;) {
      const b = this.buffer;
      let k = 0;
      while (k < b.length && b[k] !== '$') {
        if (b[k] === '\x03') out.push({ kind: 'interrupt' });
        k++; // '+', '-' and noise between packets
      }
      const hash = b.indexOf('#', k);
      if (k >= b.length || hash < 0 || hash + 2 >= b.length) {
        this.buffer = b.slice(k);
        return out;
      }
      const raw = b.slice(k + 1, hash);
      const sum = b.slice(hash + 1, hash + 3);
      this.buffer = b.slice(hash + 3);
      out.push(sum.toLowerCase() === checksum(raw) ? { kind: 'packet', payload: unescape(raw) } : { kind: 'bad-checksum' });
    }
  }
}

function unescape(raw: string): string {
  if (!raw.includes('}')) return raw;
  let out = '';
  for (let k = 0; k < raw.length; k++) out += raw[k] === '}' && k + 1 < raw.length ? String.fromCharCode(raw.charCodeAt(++k) ^ 0x20) : raw[k];
  return out;
}

export function hexOfText(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

/** A 32-bit value as GDB expects a register: little-endian bytes in hex. */
export function hexLe32(v: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b.toString('hex');
}

export function le32OfHex(hex: string): number {
  return Buffer.from(hex.padEnd(8, '0').slice(0, 8), 'hex').readUInt32LE(0);
}
