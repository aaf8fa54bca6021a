/**
 * The error of an image that cannot be hashed, apart from the decoder (services/pdqImage.ts), so the
 * main thread can recognise it without loading Skia: hashing runs in a worker thread.
 */
export class PdqImageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PdqImageError';
  }
}
