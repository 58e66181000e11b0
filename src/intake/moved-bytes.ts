// Values on their way to another thread with their bytes moved, not cloned. Cloning costs per
// typed array, and a Buffer small enough to sit in Node's shared 8 KiB pool would take the whole
// pool along; so every byte value is copied into one buffer, which is transferred.

type Visit = (bytes: Uint8Array) => Uint8Array;

/** `value` rebuilt with `visit` applied to each Uint8Array in it (plain objects and arrays only). */
function mapBytes(value: unknown, visit: Visit): unknown {
  if (value instanceof Uint8Array) return visit(value);
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = mapBytes(value[i], visit);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = mapBytes((value as Record<string, unknown>)[key], visit);
    return out;
  }
  return value;
}

function byteSize(value: unknown): number {
  if (value instanceof Uint8Array) return value.byteLength;
  let size = 0;
  if (Array.isArray(value)) for (const item of value) size += byteSize(item);
  else if (value !== null && typeof value === 'object') for (const key in value) size += byteSize((value as Record<string, unknown>)[key]);
  return size;
}

/** `value` with each Uint8Array replaced by a view of one new buffer, and that buffer to transfer. */
export function movedBytes<T>(value: T): { value: T; transfer: ArrayBuffer[] } {
  const buffer = new Uint8Array(byteSize(value));
  let offset = 0;
  const moved = mapBytes(value, (bytes) => {
    buffer.set(bytes, offset);
    return buffer.subarray(offset, (offset += bytes.byteLength));
  });
  return { value: moved as T, transfer: [buffer.buffer] };
}
