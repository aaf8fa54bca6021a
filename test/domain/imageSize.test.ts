/** Image sizes read from headers: each format, JPEG segments before the frame header, and what is not an image. */
import fs from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { imageSize } from '../../src/domain/imageSize.js';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '../fixtures/pdq', name));

/** A RIFF/WEBP file whose first chunk is `chunk` with `body` (only the header matters here). */
function webp(chunk: string, body: number[]): Buffer {
  const data = Buffer.from([...Buffer.from(chunk, 'ascii'), ...[body.length, 0, 0, 0], ...body]);
  return Buffer.concat([Buffer.from('RIFF'), Buffer.from([data.length + 4, 0, 0, 0]), Buffer.from('WEBP'), data]);
}

describe('imageSize', () => {
  it.each([
    ['bridge-1-original.jpg', 'jpeg', 1600, 1004], // EXIF segment before the frame header
    ['small.jpg', 'jpeg', 224, 399], // progressive (SOF2)
    ['q0122.jpg', 'jpeg', 256, 256],
    ['street-1280.jpg', 'jpeg', 1280, 960],
    ['shapes-900x600.png', 'png', 900, 600],
    ['shapes-4x4.png', 'png', 4, 4],
  ])('%s: %s %d×%d', (name, format, width, height) => {
    expect(imageSize(fixture(name))).toEqual({ format, width, height });
  });

  it('reads WebP (as canvas writes it, and the lossy and lossless headers) and GIF', async () => {
    const canvas = createCanvas(321, 123);
    expect(imageSize(await canvas.encode('webp', 80))).toEqual({ format: 'webp', width: 321, height: 123 });
    // VP8: frame tag, start code 9d 01 2a, then 14-bit width and height (2 bits of scale above them).
    expect(imageSize(webp('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x41, 0x41, 0x7b, 0x80]))).toEqual({
      format: 'webp',
      width: 0x141,
      height: 0x7b,
    });
    // VP8L: signature 0x2f, then width-1 and height-1 in 14 bits each, little-endian: 320 and 122.
    const bits = 320 | (122 << 14);
    expect(
      imageSize(webp('VP8L', [0x2f, bits & 255, (bits >> 8) & 255, (bits >> 16) & 255, bits >>> 24, 0, 0, 0, 0, 0])),
    ).toEqual({
      format: 'webp',
      width: 321,
      height: 123,
    });
    expect(imageSize(Buffer.from('GIF89a\x41\x01\x7b\x00\x00\x00\x00', 'latin1'))).toEqual({
      format: 'gif',
      width: 321,
      height: 123,
    });
  });

  it('is null for what is none of these formats, or is cut before its size', () => {
    expect(imageSize(Buffer.from('%PDF-1.4'))).toBeNull();
    expect(imageSize(new Uint8Array(0))).toBeNull();
    expect(imageSize(fixture('bridge-1-original.jpg').subarray(0, 100))).toBeNull(); // inside the EXIF segment
    expect(imageSize(fixture('shapes-4x4.png').subarray(0, 20))).toBeNull();
    expect(imageSize(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 8, 0, 0, 0, 0, 0, 0]))).toBeNull(); // scan data before any frame header
  });
});
