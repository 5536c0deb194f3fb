/**
 * The growth step of the byte writers (binary COPY, staged feed rows): a buffer at least twice as
 * large, by doublings, holding the `used` bytes already written, with room for `need` more.
 */
export function grownBuffer(buf: Buffer, used: number, need: number): Buffer {
  let size = buf.length * 2;
  while (size < used + need) size *= 2;
  const next = Buffer.allocUnsafe(size);
  buf.copy(next, 0, 0, used);
  return next;
}
