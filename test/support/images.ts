import sharp from 'sharp';

/**
 * A small valid PNG whose header says it is width × height pixels of `bitDepth` bits per colour:
 * a decompression bomb, or a "16-bit giant" when the pixels are few but each is wide.
 */
export async function declaredPng(width: number, height: number, bitDepth: 8 | 16 = 8): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 100, height: 100, channels: 3, background: '#000' } }).png().toBuffer());
  // IHDR data starts at byte 16 (8 signature, 4 length, 4 type): width, height, bit depth, …;
  // its CRC follows the 13 data bytes.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png[24] = bitDepth;
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
